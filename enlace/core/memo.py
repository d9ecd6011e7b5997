"""Answers remembered for the duration of one request (and nowhere else).

Why: a case page asks "what may this user see of this case?" in every tab and selector. The
selectors compute it themselves (no caller passes an access level, so no caller can pass a
wrong one), and this memo keeps that from costing one query per question.

Outside a request (commands, tests calling selectors directly, background work) nothing is
remembered: every call computes afresh, so a change of access is seen at once. Within a
request, every write goes through ``audit_record`` in its transaction, which calls
``memo_clear``: an answer computed before a write is never reused after it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_MEMO: ContextVar[dict | None] = ContextVar("enlace_request_memo", default=None)


def request_memo(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, remembered under ``key`` until the end of the current request."""
    store = _MEMO.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def memo_clear() -> None:
    store = _MEMO.get()
    if store is not None:
        store.clear()


class RequestMemoMiddleware:
    """Gives each request its own empty memo, and drops it when the response is made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _MEMO.set({})
        try:
            return self.get_response(request)
        finally:
            _MEMO.reset(token)
