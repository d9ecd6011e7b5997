"""Capacity's indicator on the committee's dashboard: the share of staff trained in each competency.

Registered through ``enlace.core.indicators`` in ``CapacityConfig.ready()``; the arithmetic is the
coverage module's (a valid certificate of a course that builds the competency). Counts only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy

from enlace.core.indicators import Scope, Share, ShareIndicator, register_dimension, register_indicator

from .coverage import trained_by_competency
from .models import StaffMember
from .vocabulary import Competency


def training_shares(scope: Scope, year: int) -> Iterator[Share]:
    """Active staff (of the supervisor's units when scoped) and those trained in each competency, on
    the last day of the year (today in the current year)."""
    on = min(dt.date(year, 12, 31), timezone.localdate())
    staff = StaffMember.objects.filter(is_active=True)
    if not scope.everything:
        staff = staff.filter(unit_id__in=scope.unit_ids or ())
    members = set(staff.values_list("pk", flat=True))
    if not members:
        return
    trained = trained_by_competency(on)
    for code in Competency.values:
        yield Share({"competency": code}, len(members), len(members & trained.get(code, set())))


def register() -> None:
    register_dimension("competency", label=gettext_lazy("Competency"),
                       label_of=lambda code: str(dict(Competency.choices).get(code, code)))
    register_indicator(ShareIndicator(
        key="training_coverage", title=gettext_lazy("Staff trained"), order=120, shares=training_shares,
        dimension="competency",
        source=gettext_lazy("The staff register and training records (courses, the competencies they build, "
                            "certificates and their validity)."),
        definition=gettext_lazy("Share of the active staff holding a valid certificate of a course that builds "
                                "each competency, at the end of the year (today in the current year).")))
