"""``enlace capacity_templates``: load questionnaire files added since the last migration (idempotent)."""

from django.core.management.base import BaseCommand

from enlace.capacity.services import template_sync


class Command(BaseCommand):
    help = "Load the capacity questionnaire files (enlace/capacity/data/assessment-*.json) not loaded yet."

    def handle(self, *args, **options):
        for template in template_sync(actor=None):
            self.stdout.write(f"{template.code} v{template.version}")
