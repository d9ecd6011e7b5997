"""Extension points: how a lower layer lets a higher one do its part of a write.

The apps are layered (``docs/architecture.md``): a lower app never imports a higher one. Yet some
writes of a lower app must trigger work of a higher one in the same transaction: a saved person
is re-indexed for matching (``links``), a converted screening hands its consents to the person
(``referrals``). The lower app declares a :class:`Hook` next to its services and calls it; the
higher app registers a handler in its ``AppConfig.ready()``.

Why not Django signals: a hook is declared where it is called, with the arguments it passes, so
a reader of the lower app sees that other work happens there; handlers run synchronously in the
caller's transaction (an exception rolls the whole write back), in registration order. Why not
an import inside the function: that hides the dependency from the layer contracts and from the
reader, and it is what knotted the apps before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Handler = Callable[..., Any]


class Hook:
    """A named point that handlers register to; calling it calls each handler with keyword arguments."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[Handler] = []

    def register(self, handler: Handler) -> Handler:
        """Add a handler (idempotent, so a repeated ``ready()`` does not run it twice); usable as a decorator."""
        if handler not in self._handlers:
            self._handlers.append(handler)
        return handler

    def unregister(self, handler: Handler) -> None:
        if handler in self._handlers:
            self._handlers.remove(handler)

    @property
    def handlers(self) -> tuple[Handler, ...]:
        return tuple(self._handlers)

    def __call__(self, **kwargs: Any) -> list[Any]:
        """Run every handler in registration order, in the caller's transaction; return their results."""
        return [handler(**kwargs) for handler in self._handlers]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._handlers)} handler(s)>"
