"""The rules of the elements matrix, as pure functions: which element is required, what is a gap.

Why pure: the gap report, the prosecutor's home page and the API must agree on one rule, and the
rule is tested without a database. For a child victim the means element is not required
(Palermo Protocol art. 3(c)); an aggravation is required only once a charge invokes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.utils.translation import gettext as _

from .vocabulary_proceedings import ElementStatus

CHILD_AGE = 18


def is_child(age: int | None) -> bool:
    return age is not None and age < CHILD_AGE


def element_required(*, element: str, child_exempt: bool, child_victim: bool, charged_aggravations: set[str]) -> bool:
    if element.startswith("agg:"):
        return element[4:] in charged_aggravations
    return not (child_exempt and child_victim)


def gap_reason(*, required: bool, status: str, linked: int) -> str | None:
    """Why a required element is not yet proven (None when it is, or when it is not required)."""
    if not required:
        return None
    if linked == 0:
        return _("nothing linked")
    if status == ElementStatus.MISSING:
        return _("marked missing")
    if status == ElementStatus.WEAK:
        return _("weak")
    return None


@dataclass(frozen=True)
class Gap:
    case_id: int
    case_public_id: UUID  # for its link: integer keys never reach an address
    defendant: str  # pseudonym
    offence: str
    element: str  # label
    reason: str

    def __str__(self) -> str:
        return f"{self.element}: {self.reason}"
