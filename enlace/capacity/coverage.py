"""Coverage: the share of a unit's or a team's members trained in each competency on a date.

A member counts as trained in a competency when they completed a course that builds it and its
certificate is valid on that date (issued on or before it, not expired before it). Staff are
counted per unit from the register, per team through their user account (team members are users).
A share below the threshold is a gap. ``aggregate_coverage`` gives the same arithmetic over the
whole register for the monitoring dashboard: counts only, never a name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from enlace.accounts.models import Team, Unit, User

from .models import Course, Participation, StaffMember
from .selectors import require_manager
from .vocabulary import Competency


def default_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "ENLACE_CAPACITY_COVERAGE_THRESHOLD", "0.5")))


def trained_by_competency(on: dt.date) -> dict[str, set[int]]:
    """Competency -> ids of staff holding a valid certificate for it on ``on``."""
    builds = {c.pk: set(c.competencies) for c in Course.objects.only("pk", "competencies")}
    valid = Participation.objects.filter(
        Q(certificate_expires_on__isnull=True) | Q(certificate_expires_on__gte=on),
        completed=True, certificate_on__lte=on)
    trained: dict[str, set[int]] = defaultdict(set)
    for staff_id, course_id in valid.values_list("staff_id", "session__course_id"):
        for code in builds.get(course_id, ()):
            trained[code].add(staff_id)
    return trained


@dataclass(frozen=True)
class Cell:
    competency: str
    trained: int
    members: int
    share: Decimal | None
    gap: bool


@dataclass(frozen=True)
class GroupCoverage:
    kind: str  # "unit" or "team"
    group_id: int
    name: str
    members: int
    cells: list[Cell]

    @property
    def gaps(self) -> int:
        return sum(1 for c in self.cells if c.gap)


def cells_for(member_ids: set[int], trained: dict[str, set[int]], threshold: Decimal) -> list[Cell]:
    cells = []
    for code in Competency.values:
        n = len(member_ids & trained.get(code, set()))
        share = (Decimal(n) / Decimal(len(member_ids))).quantize(Decimal("0.01")) if member_ids else None
        cells.append(Cell(code, n, len(member_ids), share, share is not None and share < threshold))
    return cells


def _groups() -> list[tuple[str, int, str, set[int]]]:
    staff = list(StaffMember.objects.filter(is_active=True).values_list("pk", "unit_id", "user_id"))
    by_unit: dict[int, set[int]] = defaultdict(set)
    by_user = {}
    for pk, unit_id, user_id in staff:
        if unit_id:
            by_unit[unit_id].add(pk)
        if user_id:
            by_user[user_id] = pk
    groups = [("unit", u.pk, u.name, by_unit[u.pk]) for u in Unit.objects.filter(pk__in=by_unit)]
    for team in Team.objects.filter(is_active=True).prefetch_related("memberships"):
        members = {by_user[m.user_id] for m in team.memberships.all() if m.user_id in by_user}
        if members:
            groups.append(("team", team.pk, team.name, members))
    return groups


def _threshold(threshold: Decimal | None) -> Decimal:
    if threshold is None:
        return default_threshold()
    if not Decimal(0) <= threshold <= Decimal(1):
        raise ValidationError({"threshold": [_("The threshold is a share between 0 and 1.")]})
    return threshold


def coverage(*, actor: User, on: dt.date, threshold: Decimal | None = None) -> list[GroupCoverage]:
    require_manager(actor)
    threshold = _threshold(threshold)
    trained = trained_by_competency(on)
    return [GroupCoverage(kind, pk, name, len(ids), cells_for(ids, trained, threshold))
            for kind, pk, name, ids in _groups()]


def expiring_certificates(*, actor: User, on: dt.date, within_days: int) -> QuerySet[Participation]:
    """Certificates still valid on ``on`` that expire within ``within_days``: time to refresh."""
    require_manager(actor)
    return (Participation.objects.filter(completed=True, certificate_expires_on__gte=on,
                                         certificate_expires_on__lte=on + dt.timedelta(days=within_days))
            .select_related("staff__unit", "session__course").order_by("certificate_expires_on"))


def aggregate_coverage(*, on: dt.date, threshold: Decimal | None = None) -> list[Cell]:
    """Whole-register coverage per competency, for the monitoring dashboard (aggregates only)."""
    threshold = _threshold(threshold)
    members = set(StaffMember.objects.filter(is_active=True).values_list("pk", flat=True))
    return cells_for(members, trained_by_competency(on), threshold)
