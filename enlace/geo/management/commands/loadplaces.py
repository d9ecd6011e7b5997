"""Load municipalities from the CSV files shipped in enlace/geo/data (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from enlace.geo.services import municipalities_load


class Command(BaseCommand):
    help = "Load or update municipalities from enlace/geo/data/municipalities_*.csv"

    def handle(self, *args: Any, **opts: Any) -> None:
        n = municipalities_load()
        self.stdout.write(f"{n} municipalities loaded")
