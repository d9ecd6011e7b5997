"""The application server: gunicorn, started from ``enlace web`` with Enlace's defaults.

Why gunicorn run from our own command rather than a gunicorn command line: one command an
operator cannot get wrong (access log without query strings, static files collected, workers
sized for the machine, development settings kept on loopback), the same in ``make run`` and in
the systemd unit.
"""

from __future__ import annotations

import ipaddress
import os
import signal

from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

# Path only (%(U)s), never the query string (%(q)s, or %(r)s which contains it) nor the referrer:
# search terms are names. The request id (X-Request-ID) ties a line to the application's log lines.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'


def default_workers(cpus: int | None = None) -> int:
    """Gunicorn's rule of thumb (2 x cores + 1), at most 8: each worker holds its own Django."""
    cpus = cpus or os.cpu_count() or 1
    return min(2 * cpus + 1, 8)


DEFAULT_THREADS = 2  # a second thread per worker overlaps database waits without the GIL's cost


def is_loopback(bind: str) -> bool:
    """``127.0.0.1:8000``, ``[::1]:8000``, ``localhost:8000`` and ``unix:/path`` stay on this machine."""
    if bind.startswith("unix:"):
        return True
    host = bind.rsplit(":", 1)[0] if ":" in bind else bind
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Arbiter(Arbiter):
    def handle_int(self):
        """Ctrl-C stops like TERM: gunicorn's quick stop (SIGQUIT to gthread workers) took 16 s here,
        the graceful one finishes the requests under way and is done in a few seconds."""
        self.handle_term()


class EnlaceServer(BaseApplication):
    """Gunicorn with options from Python; each worker loads Django's WSGI handler itself."""

    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if "control_socket_disable" in self.cfg.settings:  # gunicorn 25.1+: no runtime control socket
            self.cfg.set("control_socket_disable", True)

    def load(self):
        return get_wsgi_application()

    def run(self) -> None:
        _Arbiter(self).run()


def _leave_ctrl_c_to_the_arbiter(worker) -> None:
    """Ctrl-C reaches every process of the terminal's group; a worker that also quits on it gets a
    second signal from the arbiter while exiting and hung until killed 30 s later. The arbiter
    alone handles INT and stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def server_options(*, bind: str, workers: int, threads: int, timeout: int = 60) -> dict:
    return {
        "bind": [bind],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": timeout,
        "graceful_timeout": 30,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "proc_name": "enlace-web",
        "forwarded_allow_ips": "127.0.0.1,::1",
        "max_requests": 2000,  # a worker is replaced now and then, so slow leaks cannot grow
        "max_requests_jitter": 200,
        "post_worker_init": _leave_ctrl_c_to_the_arbiter,
    }
