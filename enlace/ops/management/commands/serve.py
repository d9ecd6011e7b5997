"""``enlace serve [ADDR:PORT]``: Django's development server (static files included), loopback only.

For development and debugging; ``enlace web`` is the application server (``make run``, production).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from enlace.ops.server import is_loopback


class Command(BaseCommand):
    help = "Development server on http://127.0.0.1:8000 (threaded, no auto-reload); use `enlace web` to serve."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, **o):
        addrport = o["addrport"]
        if not addrport.isdigit() and not is_loopback(addrport):
            raise CommandError(f"the development server serves on loopback only, not {addrport}: use `enlace web`")
        call_command("runserver", addrport, use_reloader=False, use_threading=True, insecure_serving=True)
