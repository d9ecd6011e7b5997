"""The development server's access log never carries a query string (a search for a victim's name)."""

import io
import logging

from django.core.servers.basehttp import WSGIRequestHandler


class _Handler(WSGIRequestHandler):
    """The request handler of ``enlace serve`` without a socket: only its logging is exercised."""

    def __init__(self):
        self.request = None

    def log_date_time_string(self):
        return "06/Dec/2026 01:00:00"


def test_runserver_request_lines_are_logged_without_query_strings():
    handlers = [h for h in logging.getLogger("django.server").handlers if type(h) is logging.StreamHandler]
    assert handlers
    streams = [io.StringIO() for _ in handlers]
    # Swapped by assignment, not setStream(): setStream flushes the old stream, which an earlier
    # test's output capture in this worker may already have closed.
    old = [h.stream for h in handlers]
    for h, s in zip(handlers, streams, strict=True):
        h.stream = s
    try:
        for status in ("200", "404", "500"):
            _Handler().log_message('"%s" %s %s', "GET /cases/?q=Ana%20Mar%C3%ADa%20Nina HTTP/1.1", status, "512")
    finally:
        for h, s in zip(handlers, old, strict=True):
            h.stream = s
    out = "".join(s.getvalue() for s in streams)
    assert out.count("GET /cases/?[redacted] HTTP/1.1") == 3
    assert "Ana" not in out and "q=" not in out
