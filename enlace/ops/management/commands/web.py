"""``enlace web``: serve Enlace through gunicorn (the production application server).

    enlace web [--bind 127.0.0.1:8000] [--workers N] [--threads T] [--with-worker]

Static files are collected into ``STATIC_ROOT`` first, so production settings never answer 500
for want of ``collectstatic``. ``kill -HUP`` on the main process reloads the code and replaces
the workers gracefully (what an upgrade needs); TERM or Ctrl-C stops. ``--with-worker`` also runs
``enlace worker`` as a child process and stops it on exit (``make run``; production runs the two
as separate services). Development settings refuse any address but loopback.
"""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from enlace.ops.server import DEFAULT_THREADS, EnlaceServer, default_workers, is_loopback, server_options


class Command(BaseCommand):
    help = "Serve Enlace through gunicorn (static files collected first)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("ENLACE_BIND", "127.0.0.1:8000"),
                            help="ADDRESS:PORT or unix:PATH (default 127.0.0.1:8000, env ENLACE_BIND).")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("ENLACE_WEB_WORKERS", "0")),
                            help="Worker processes (default 2 x cores + 1, at most 8; env ENLACE_WEB_WORKERS).")
        parser.add_argument("--threads", type=int,
                            default=int(os.environ.get("ENLACE_WEB_THREADS", str(DEFAULT_THREADS))),
                            help=f"Threads per worker (default {DEFAULT_THREADS}; env ENLACE_WEB_THREADS).")
        parser.add_argument("--timeout", type=int, default=60, help="Seconds before a stuck request's worker is replaced.")
        parser.add_argument("--with-worker", action="store_true", help="Also run the job worker (enlace worker).")
        parser.add_argument("--no-collectstatic", action="store_true", help="Do not collect static files first.")

    def handle(self, *args, **o):
        bind = o["bind"]
        if getattr(settings, "ENLACE_LOOPBACK_ONLY", False) and not is_loopback(bind):
            raise CommandError(f"development settings serve on loopback only (127.0.0.1, ::1), not {bind}; "
                               "set DJANGO_SETTINGS_MODULE=enlace.config.settings.production to serve others")
        if o["workers"] < 0 or o["threads"] < 1:
            raise CommandError("--workers must be at least 1 (0: sized for the machine) and --threads at least 1")
        if not o["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # the workers are forked: none may inherit this process's connection
        workers = o["workers"] or default_workers()
        self.stdout.write(f"Enlace on http://{bind} ({workers} workers x {o['threads']} threads)")
        self.stdout.flush()
        child = self._start_worker() if o["with_worker"] else None
        try:
            EnlaceServer(server_options(bind=bind, workers=workers, threads=o["threads"], timeout=o["timeout"])).run()
        finally:
            if child is not None:
                _stop(child)

    def _start_worker(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "enlace", "worker"], env=os.environ.copy())


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
