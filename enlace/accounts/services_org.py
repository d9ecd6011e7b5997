"""Institutions, units and teams deactivated and reactivated, and the rules that follow from it.

Nothing the audit log points to is ever deleted: an institution, unit or team that stops working
is deactivated. It keeps its history (cases, memberships, entries), disappears from every picker,
and receives no new member and no new case; reactivating it restores it as it was. Deactivating
an institution does the same to its units for as long as it stays deactivated.

Who may join a team: a team (EME) works cases, so only accounts with a case role, and none of the
roles kept apart from case work by separation of duties (auditor, monitoring committee, system
administrator): see ``selectors_org.team_candidates``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.audit.services import audit_record
from enlace.core.errors import Forbidden

from .models import Institution, Team, Unit, User
from .roles import ADMIN_ROLES
from .selectors_org import team_candidates


def _require_sysadmin(actor: User | None) -> None:
    """The services module's rule (``services`` imports this module, so it is not imported back)."""
    if actor is not None and not actor.is_sysadmin:
        raise Forbidden


def check_receives_members(*, institution: Institution, unit: Unit | None) -> None:
    """A role is given only in an active institution and unit."""
    if not institution.is_active:
        raise ValidationError({"institution": _("This institution is deactivated: it receives no new members.")})
    if unit is not None and not unit.is_active:
        raise ValidationError({"unit": _("This unit is deactivated: it receives no new members.")})


def check_team_candidate(*, team: Team, user: User) -> None:
    if not team.is_active:
        raise ValidationError({"user": _("This team is deactivated: it receives no new members.")})
    if not team_candidates(team=team).filter(pk=user.pk).exists():
        raise ValidationError({"user": _("Only active accounts with a role that works cases join a team "
                                         "(never auditors, the monitoring committee or administrators).")})


def _set_active(*, actor: User | None, obj: Institution | Unit | Team, kind: str, active: bool) -> None:
    _require_sysadmin(actor)
    if obj.is_active == active:
        return
    type(obj).objects.filter(pk=obj.pk).update(is_active=active)
    obj.is_active = active
    audit_record(actor=actor, action=f"{kind}.{'reactivate' if active else 'deactivate'}", obj=obj,
                 details={"code": obj.code})


@transaction.atomic
def institution_set_active(*, actor: User | None, institution: Institution, active: bool) -> Institution:
    """Deactivate (or reactivate) an institution; its units and members stay on record."""
    if not active and actor is not None and institution.pk in _own_admin_institutions(actor):
        raise ValidationError(_("You cannot deactivate the institution your administrator role belongs to."))
    _set_active(actor=actor, obj=institution, kind="institution", active=active)
    return institution


@transaction.atomic
def unit_set_active(*, actor: User | None, unit: Unit, active: bool) -> Unit:
    if active and not unit.institution.is_active:
        raise ValidationError(_("Reactivate the institution first."))
    _set_active(actor=actor, obj=unit, kind="unit", active=active)
    return unit


@transaction.atomic
def team_set_active(*, actor: User | None, team: Team, active: bool) -> Team:
    """A deactivated team keeps its members and cases; it takes no new member and no new case."""
    _set_active(actor=actor, obj=team, kind="team", active=active)
    return team


def _own_admin_institutions(actor: User) -> set[int]:
    return {m.institution_id for m in actor.active_memberships if m.role in ADMIN_ROLES}
