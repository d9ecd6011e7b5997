"""Conditions a sharing must meet, besides being active and unexpired, to give access when read.

A sharing rests on an agreement between institutions, which the cooperation app (above cases)
keeps. When an agreement is suspended or expires, its sharings must stop giving access at once,
not only when the nightly job ends them. That app registers here a function returning a
condition on ``CaseSharing`` rows; ``models.active_sharings`` (and so the need-to-know rule)
applies every registered condition. The rule is asked many times per page: a condition should
add no query of its own (a non-correlated subquery is evaluated by the database once per query).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

SharingCondition = Callable[[], Q]

_conditions: dict[str, SharingCondition] = {}


def register_sharing_condition(key: str, condition: SharingCondition) -> None:
    """Add (or replace, so a repeated ``ready()`` is harmless) a condition on sharings."""
    _conditions[key] = condition


def unregister_sharing_condition(key: str) -> None:
    _conditions.pop(key, None)


def sharing_conditions() -> Q:
    """All registered conditions together (an empty ``Q`` when none)."""
    cond = Q()
    for condition in _conditions.values():
        cond &= condition()
    return cond
