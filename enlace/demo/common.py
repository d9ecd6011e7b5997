"""Helpers shared by the two loaders: dates from day offsets, reference numbers."""

from __future__ import annotations

import datetime as dt
from typing import overload

from django.utils import timezone

from enlace.accounts.models import Institution
from enlace.cases.models import CaseReference


@overload
def day(today: dt.date, offset: int) -> dt.date: ...
@overload
def day(today: dt.date, offset: None) -> None: ...
@overload
def day(today: dt.date, offset: int | None) -> dt.date | None: ...
def day(today: dt.date, offset: int | None) -> dt.date | None:
    return None if offset is None else today + dt.timedelta(days=offset)


def moment(today: dt.date, offset: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware datetime on the given day (office hours, so timelines read naturally)."""
    naive = dt.datetime.combine(today + dt.timedelta(days=offset), dt.time(hour % 24, minute % 60))
    return timezone.make_aware(naive)


class References:
    """Case numbers per institution, department and year: DTTP-LP-2025-00042.

    Starts after the numbers an institution already has, so ``--force`` never collides.
    """

    def __init__(self) -> None:
        self._next: dict[tuple[int, str, int], int] = {}

    def next(self, institution: Institution, short: str, year: int) -> str:
        key = (institution.pk, short, year)
        prefix = f"{institution.case_number_prefix or institution.code.upper()}-{short}-{year}-"
        if key not in self._next:
            self._next[key] = CaseReference.objects.filter(institution=institution, number__startswith=prefix).count()
        self._next[key] += 1
        return f"{prefix}{self._next[key]:05d}"
