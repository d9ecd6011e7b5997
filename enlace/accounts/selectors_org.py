"""What the administration's pickers offer: active units of the chosen institution, and the accounts
that may join a team (case roles only, never one kept apart from case work)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Institution, Membership, Team, Unit, User
from .roles import ADMIN_ROLES, AUDIT_ROLES, CASE_ROLES, MONITORING_ROLES

# Roles whose holders never join a team, even when they hold a case role too (separation of duties).
KEPT_APART = ADMIN_ROLES | AUDIT_ROLES | MONITORING_ROLES


def active_institutions() -> QuerySet[Institution]:
    return Institution.objects.filter(is_active=True).order_by("name")


def units_of(institution_id: object) -> QuerySet[Unit]:
    """The active units of an active institution (none for anything that is not one's id)."""
    if not str(institution_id or "").isdigit():
        return Unit.objects.none()
    return Unit.objects.filter(institution_id=int(str(institution_id)), is_active=True,
                               institution__is_active=True).order_by("name")


def team_candidates(*, team: Team, search: str = "") -> QuerySet[User]:
    """Active accounts with a case role that may join ``team`` (not already in it), by name or username."""
    works = Membership.objects.filter(is_active=True, role__in=CASE_ROLES, institution__is_active=True)
    apart = Membership.objects.filter(is_active=True, role__in=KEPT_APART)
    qs = (User.objects.filter(is_active=True, pk__in=works.values("user_id"))
          .exclude(pk__in=apart.values("user_id")).exclude(team_memberships__team=team))
    for word in search.split()[:4]:
        qs = qs.filter(Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return qs.order_by("last_name", "first_name", "username")
