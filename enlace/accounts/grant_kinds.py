"""The grants of the accounts app: an account with its first role, a role, a team membership,
a token issued on the command line. Registered in ``AccountsConfig.ready()``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.audit.services import audit_record

from . import services
from .grants import GrantKind, register_grant_kind
from .models import AccessGrantRequest, Institution, Team, Unit, User
from .roles import Role


def _role_label(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code


def _place(req: AccessGrantRequest) -> str:
    return f"{req.institution.name} / {req.unit.name}" if req.unit else req.institution.name


def _role_target(req: AccessGrantRequest) -> tuple[User, Institution, Unit | None, str]:
    p = req.payload
    user = User.objects.filter(pk=p["user_id"]).first()
    institution = Institution.objects.filter(pk=p["institution_id"]).first()
    unit = Unit.objects.filter(pk=p["unit_id"]).first() if p.get("unit_id") else None
    if user is None or institution is None or (p.get("unit_id") and unit is None):
        raise ValidationError(_("The account, institution or unit of this request no longer exists."))
    return user, institution, unit, p["role"]


def apply_account(req: AccessGrantRequest, approver: User) -> None:
    user, institution, unit, role = _role_target(req)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=approver, action="permission.reactivate", obj=user,
                 details={"username": user.username, "approved_request": req.pk})
    services.membership_grant(actor=approver, user=user, institution=institution, role=role, unit=unit)


def apply_membership(req: AccessGrantRequest, approver: User) -> None:
    user, institution, unit, role = _role_target(req)
    services.membership_grant(actor=approver, user=user, institution=institution, role=role, unit=unit)


def describe_account(req: AccessGrantRequest) -> str:
    return _("New account %(user)s with the role %(role)s at %(place)s") % {
        "user": req.payload.get("username", ""), "role": _role_label(req.payload.get("role", "")), "place": _place(req)}


def describe_membership(req: AccessGrantRequest) -> str:
    return _("Role %(role)s at %(place)s for %(user)s") % {
        "user": req.payload.get("username", ""), "role": _role_label(req.payload.get("role", "")), "place": _place(req)}


def apply_team(req: AccessGrantRequest, approver: User) -> None:
    team = Team.objects.filter(pk=req.payload["team_id"], is_active=True).first()
    user = User.objects.filter(pk=req.payload["user_id"]).first()
    if team is None or user is None:
        raise ValidationError(_("The team or the account of this request no longer exists or is inactive."))
    services.team_member_grant(actor=approver, team=team, user=user)


def describe_team(req: AccessGrantRequest) -> str:
    return _("%(user)s joins the team %(team)s (and sees its cases)") % {
        "user": req.payload.get("username", ""), "team": req.payload.get("team", "")}


def apply_token(req: AccessGrantRequest, approver: User) -> None:
    services.token_approve_pending(actor=approver, token_id=req.payload["token_id"])


def describe_token(req: AccessGrantRequest) -> str:
    return _("API token %(prefix)s (%(scope)s) for %(user)s, issued on the command line") % {
        "prefix": req.payload.get("prefix", ""), "scope": req.payload.get("scope", ""),
        "user": req.payload.get("username", "")}


def register() -> None:
    register_grant_kind(GrantKind(services.KIND_ACCOUNT, gettext_lazy("New account"), apply_account, describe_account))
    register_grant_kind(GrantKind(services.KIND_MEMBERSHIP, gettext_lazy("Role"), apply_membership,
                                  describe_membership))
    register_grant_kind(GrantKind(services.KIND_TEAM, gettext_lazy("Team membership"), apply_team, describe_team))
    register_grant_kind(GrantKind(services.KIND_TOKEN, gettext_lazy("API token"), apply_token, describe_token))
