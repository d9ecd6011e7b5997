"""``enlace serve [ADDR:PORT]``: serve Enlace (static files included) on 127.0.0.1:8000 by default."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Enlace on http://127.0.0.1:8000 (threaded, no auto-reload)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **o: Any) -> None:
        call_command("runserver", o["addrport"], use_reloader=False, use_threading=True, insecure_serving=True)
