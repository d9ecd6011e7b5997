"""Errors raised by services and selectors, mapped to HTTP by the web and API layers.

``NotFound`` is used both for "does not exist" and "exists but not yours": need-to-know
means the caller must not learn which one it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError  # noqa: F401  (re-exported)
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class NotFound(Exception):
    message = _("Not found.")


class Conflict(Exception):
    """Someone else saved the record since it was loaded (optimistic locking)."""

    def __init__(self, message: StrOrPromise | None = None, *, current_version: int | None = None) -> None:
        self.message = message or _(
            "Someone else changed this record while you were editing it. "
            "Your changes were not saved: reload to see the current version, then apply them again."
        )
        self.current_version = current_version
        super().__init__(str(self.message))


class Forbidden(Exception):
    """An action the actor's role does not allow on something they can see."""

    def __init__(self, message: StrOrPromise | None = None) -> None:
        self.message = message or _("Your role does not allow this action.")
        super().__init__(str(self.message))
