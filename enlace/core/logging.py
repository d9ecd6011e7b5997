"""Logging and error reports that carry nothing identifying.

Why: log files and error e-mails leave the protected database. Request bodies, query
strings and local variables may hold a victim's name, so they are never written.
"""

from __future__ import annotations

import logging
import re
from collections.abc import ItemsView
from contextvars import ContextVar
from types import FrameType
from typing import Any

from django.http import HttpRequest
from django.views.debug import SafeExceptionReporterFilter

_QUERY = re.compile(r"\?[^\s\"']*")

# The id of the request being served in this thread (set by enlace.ops.middleware.RequestIdMiddleware).
request_id: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request id, so an error can be matched to its access-log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("?[redacted]", record.msg)
        if record.args:
            record.args = tuple(_QUERY.sub("?[redacted]", a) if isinstance(a, str) else a for a in record.args)
        if hasattr(record, "request"):
            record.request = None
        return True


class RedactingExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request: HttpRequest | None) -> dict[str, Any]:
        return {}

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: FrameType) -> ItemsView[str, Any]:
        return {}.items()

    def get_safe_request_meta(self, request: HttpRequest) -> dict[str, Any]:
        return {}
