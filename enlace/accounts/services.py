"""Account administration: institutions, units, users, memberships, teams, API tokens.

Every function is atomic and writes its audit entry (permission changes are audited).
Only system administrators manage accounts (checked by ``require_sysadmin``); the
management commands pass ``actor=None`` (a shell operator on the server).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.audit.services import audit_record
from enlace.core.errors import Forbidden
from enlace.geo.selectors import is_country, is_subdivision_of

from .models import (
    AccessGrantRequest,
    ApiToken,
    GrantStatus,
    Institution,
    Membership,
    Team,
    TeamMember,
    TokenScope,
    Unit,
    User,
)
from .roles import InstitutionKind, Role
from .services_grants import grant_request
from .services_org import check_receives_members, check_team_candidate

KIND_ACCOUNT = "account.create"
KIND_MEMBERSHIP = "membership.add"
KIND_TEAM = "team.add"
KIND_TOKEN = "token.activate"  # noqa: S105  (a request kind, not a secret)


def _check_password(password: str, user: User | None, *, field: str) -> None:
    """Django's password validators, their messages put on the form's field."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def require_sysadmin(actor: User | None) -> None:
    if actor is not None and not actor.is_sysadmin:
        raise Forbidden


@transaction.atomic
def institution_create(*, actor: User | None = None, code: str, name: str, kind: str, country: str,
                       case_number_prefix: str = "") -> Institution:
    require_sysadmin(actor)
    errors = {}
    if kind not in InstitutionKind.values:
        errors["kind"] = _("Unknown institution kind: %(kind)s.") % {"kind": kind}
    if not is_country(country):
        errors["country"] = _("Unknown country code: %(code)s.") % {"code": country}
    if Institution.objects.filter(code=code).exists():
        errors["code"] = _("An institution with this code already exists.")
    if errors:
        raise ValidationError(errors)
    inst = Institution(code=code, name=name, kind=kind, country=country.upper(),
                       case_number_prefix=case_number_prefix)
    inst.full_clean()
    inst.save()
    audit_record(actor=actor, action="institution.create", obj=inst, details={"code": code, "kind": kind})
    return inst


@transaction.atomic
def unit_create(*, actor: User | None = None, institution: Institution, code: str, name: str, subdivision: str = "") -> Unit:
    require_sysadmin(actor)
    if subdivision and not is_subdivision_of(subdivision, institution.country):
        raise ValidationError({"subdivision": _("This department is not in the institution's country.")})
    if Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A unit with this code already exists.")})
    unit = Unit(institution=institution, code=code, name=name, subdivision=subdivision)
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, action="unit.create", obj=unit, details={"code": code, "institution": institution.code})
    return unit


def _check_role_place(role: str, institution: Institution, unit: Unit | None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s.") % {"role": role}})
    if unit is not None and unit.institution_id != institution.pk:
        raise ValidationError({"unit": _("The unit does not belong to the institution.")})
    check_receives_members(institution=institution, unit=unit)


def _new_user(*, username: str, password: str, first_name: str, last_name: str, email: str, validate: bool,
              active: bool) -> User:
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, is_active=active)
    if validate:
        _check_password(password, user, field="password")
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def _role_payload(user: User, institution: Institution, role: str, unit: Unit | None) -> dict[str, object]:
    return {"user_id": user.pk, "username": user.username, "institution_id": institution.pk, "role": role,
            "unit_id": unit.pk if unit else None}


@transaction.atomic
def user_create(*, actor: User | None = None, username: str, password: str, institution: Institution, role: str,
                unit: Unit | None = None, first_name: str = "", last_name: str = "", email: str = "",
                validate: bool = True) -> User:
    """A new account, inactive and without a role until a second person approves it (four eyes)."""
    require_sysadmin(actor)
    _check_role_place(role, institution, unit)
    user = _new_user(username=username, password=password, first_name=first_name, last_name=last_name,
                     email=email, validate=validate, active=False)
    audit_record(actor=actor, action="user.create", obj=user,
                 details={"username": username, "institution": institution.code, "role": role,
                          "unit": unit.code if unit else None, "pending": True})
    grant_request(actor=actor, kind=KIND_ACCOUNT, payload=_role_payload(user, institution, role, unit),
                  institution=institution, unit=unit, subject=user)
    return user


@transaction.atomic
def user_provision(*, username: str, password: str, institution: Institution, role: str, unit: Unit | None = None,
                   first_name: str = "", last_name: str = "", email: str = "", validate: bool = True,
                   reason: str) -> User:
    """An active account with its role at once, without a second person: only for the bootstrap of an
    empty workspace (``enlace user create --bootstrap``) and the demo. No page or API calls it."""
    _check_role_place(role, institution, unit)
    user = _new_user(username=username, password=password, first_name=first_name, last_name=last_name,
                     email=email, validate=validate, active=True)
    Membership.objects.create(user=user, institution=institution, unit=unit, role=role)
    audit_record(action="user.provision", obj=user, actor_label="(command line)",
                 details={"username": username, "institution": institution.code, "role": role,
                          "unit": unit.code if unit else None, "reason": reason})
    return user


def bootstrap_allowed(role: str) -> bool:
    """The first administrator and the first approver of a workspace need nobody's approval: there
    is nobody yet. Only while no active account holds that role."""
    if role not in (Role.SYSADMIN, Role.APPROVER):
        return False
    return not Membership.objects.filter(role=role, is_active=True, user__is_active=True).exists()


@transaction.atomic
def membership_add(*, actor: User | None = None, user: User, institution: Institution, role: str,
                   unit: Unit | None = None) -> AccessGrantRequest:
    """Ask for a role; it is given when a second person approves (``membership_grant``)."""
    require_sysadmin(actor)
    if actor is not None and actor.pk == user.pk:
        # Separation of duties: an administrator's own access is changed by someone else.
        raise ValidationError(_("You cannot give yourself a role; ask another administrator."))
    _check_role_place(role, institution, unit)
    return grant_request(actor=actor, kind=KIND_MEMBERSHIP, payload=_role_payload(user, institution, role, unit),
                         institution=institution, unit=unit, subject=user)


@transaction.atomic
def membership_grant(*, actor: User | None, user: User, institution: Institution, role: str,
                     unit: Unit | None = None) -> Membership:
    """Give the role now: called when a request is approved (``actor`` is the approver)."""
    m, _created = Membership.objects.get_or_create(user=user, institution=institution, unit=unit, role=role,
                                                   defaults={"is_active": True})
    if not m.is_active:
        m.is_active = True
        m.save(update_fields=["is_active"])
    audit_record(actor=actor, action="permission.grant", obj=user,
                 details={"institution": institution.code, "unit": unit.code if unit else None, "role": role})
    return m


@transaction.atomic
def membership_revoke(*, actor: User | None = None, membership: Membership) -> None:
    require_sysadmin(actor)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_record(actor=actor, action="permission.revoke", obj=membership.user,
                 details={"institution": membership.institution.code, "role": membership.role})


@transaction.atomic
def team_create(*, actor: User | None = None, code: str, name: str, country: str, subdivision: str = "") -> Team:
    require_sysadmin(actor)
    if subdivision and not is_subdivision_of(subdivision, country):
        raise ValidationError({"subdivision": _("This department is not in the team's country.")})
    team = Team(code=code, name=name, country=country, subdivision=subdivision)
    team.full_clean()
    team.save()
    audit_record(actor=actor, action="team.create", obj=team, details={"code": code})
    return team


def _home_place(user: User) -> tuple[Institution, Unit | None]:
    """Whose approvers decide a grant to this user: their first institution (and its unit)."""
    ms = user.active_memberships or list(Membership.objects.filter(user=user).select_related("institution", "unit"))
    if not ms:
        raise ValidationError(_("This account has no institution yet: its own approval comes first."))
    return ms[0].institution, ms[0].unit


@transaction.atomic
def team_member_add(*, actor: User | None = None, team: Team, user: User) -> AccessGrantRequest | TeamMember:
    """Ask for a team membership (it gives the team's cases); given when a second person approves."""
    require_sysadmin(actor)
    existing = TeamMember.objects.filter(team=team, user=user).first()
    if existing is not None:
        return existing
    check_team_candidate(team=team, user=user)
    institution, unit = _home_place(user)
    return grant_request(actor=actor, kind=KIND_TEAM, institution=institution, unit=unit, subject=user,
                         payload={"team_id": team.pk, "team": team.code, "user_id": user.pk,
                                  "username": user.username})


@transaction.atomic
def team_member_grant(*, actor: User | None, team: Team, user: User) -> TeamMember:
    """Add the member now: when a request is approved, and for the demo's teams."""
    tm, _created = TeamMember.objects.get_or_create(team=team, user=user)
    audit_record(actor=actor, action="permission.team_add", obj=team, details={"user": user.username},
                 actor_label=None if actor is not None else "(command line)")
    return tm


@transaction.atomic
def team_member_remove(*, actor: User | None = None, team: Team, user: User) -> None:
    require_sysadmin(actor)
    TeamMember.objects.filter(team=team, user=user).delete()
    audit_record(actor=actor, action="permission.team_remove", obj=team, details={"user": user.username})


def _hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_token(*, user: User, name: str, scope: str, days: int | None, approved: bool) -> tuple[ApiToken, str]:
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Unknown token scope: %(scope)s.") % {"scope": scope}})
    days = settings.ENLACE_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.ENLACE_API_TOKEN_MAX_DAYS:
        raise ValidationError({"days": _("A token is valid for 1 to %(max)s days.")
                               % {"max": settings.ENLACE_API_TOKEN_MAX_DAYS}})
    prefix = secrets.token_hex(4)
    plain = f"enl_{prefix}_{secrets.token_urlsafe(32)}"
    tok = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=_hash_token(plain), scope=scope,
                                  expires_at=timezone.now() + dt.timedelta(days=days), approved=approved)
    return tok, plain


@transaction.atomic
def token_create(*, actor: User | None = None, user: User, name: str = "", scope: str = TokenScope.WRITE,
                 days: int | None = None) -> tuple[ApiToken, str]:
    """Returns the token row and the plain token, which is never stored and shown once. The web page
    calls it only for a session that passed the second factor; it expires after ``days`` (default
    ``ENLACE_API_TOKEN_DAYS``)."""
    if actor is not None and actor.pk != user.pk:
        require_sysadmin(actor)
    tok, plain = _new_token(user=user, name=name, scope=scope, days=days, approved=True)
    audit_record(actor=actor, action="token.create", obj=user,
                 details={"prefix": tok.prefix, "name": name, "scope": scope,
                          "expires": tok.expires_at.isoformat() if tok.expires_at else None})
    return tok, plain


@transaction.atomic
def token_request(*, user: User, name: str = "", scope: str = TokenScope.WRITE,
                  days: int | None = None) -> tuple[ApiToken, str, AccessGrantRequest]:
    """A token issued on the command line: printed now, usable once a second person approves it."""
    if not user.is_active:
        raise ValidationError({"user": _("This account is not active.")})
    institution, unit = _home_place(user)
    tok, plain = _new_token(user=user, name=name, scope=scope, days=days, approved=False)
    audit_record(action="token.create", obj=user, actor_label="(command line)",
                 details={"prefix": tok.prefix, "name": name, "scope": scope, "pending": True})
    req = grant_request(actor=None, kind=KIND_TOKEN, institution=institution, unit=unit, subject=user,
                        payload={"token_id": tok.pk, "prefix": tok.prefix, "scope": scope, "username": user.username})
    return tok, plain, req


@transaction.atomic
def token_approve_pending(*, actor: User, token_id: int) -> None:
    """Applied when a command-line token's request is approved."""
    ApiToken.objects.filter(pk=token_id).update(approved=True)
    audit_record(actor=actor, action="token.approve", object_type="accounts.apitoken", object_id=token_id)


@transaction.atomic
def token_revoke(*, actor: User | None = None, token: ApiToken) -> None:
    if actor is not None and actor.pk != token.user_id:
        require_sysadmin(actor)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="token.revoke", obj=token.user, details={"prefix": token.prefix})


def token_lookup(plain: str) -> ApiToken | None:
    """Constant-time check of a presented Bearer token; None when unknown, revoked, expired, not yet
    approved or of an inactive user. Records the use (shown on the user's token page)."""
    parts = plain.split("_")
    if len(parts) < 3 or parts[0] != "enl":
        return None
    now = timezone.now()
    tok = (ApiToken.objects.select_related("user")
           .filter(prefix=parts[1], revoked_at__isnull=True, approved=True, expires_at__gt=now).first())
    if tok is None or not secrets.compare_digest(tok.key_hash, _hash_token(plain)) or not tok.user.is_active:
        return None
    ApiToken.objects.filter(pk=tok.pk).update(last_used_at=now)
    return tok


def token_authenticate(plain: str) -> User | None:
    tok = token_lookup(plain)
    return tok.user if tok is not None else None


@transaction.atomic
def tokens_expire(*, now: dt.datetime | None = None) -> int:
    """Delete tokens whose expiry has passed (a scheduled job): they cannot be used, and a token row
    is a credential's hash kept for nothing. Each deletion is audited."""
    now = now or timezone.now()
    expired = list(ApiToken.objects.select_related("user").filter(expires_at__lte=now))
    for tok in expired:
        audit_record(action="token.expire", obj=tok.user, actor_label="(scheduler)",
                     details={"prefix": tok.prefix, "expired": tok.expires_at.isoformat() if tok.expires_at else None})
    ApiToken.objects.filter(pk__in=[t.pk for t in expired]).delete()
    return len(expired)


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str) -> None:
    if not actor.check_password(old_password):
        raise ValidationError({"old_password": _("The current password is not correct.")})
    _check_password(new_password, actor, field="new_password")
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    audit_record(actor=actor, action="user.password_change", obj=actor)


@transaction.atomic
def user_set_active(*, actor: User | None = None, user: User, active: bool) -> User:
    """Deactivate (or reactivate) an account. Accounts are never deleted: the audit log
    and case history keep pointing at them. A deactivated user's sessions and API tokens
    stop working at their next request (the auth backend refuses inactive users)."""
    require_sysadmin(actor)
    if actor is not None and actor.pk == user.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."))
    if active and AccessGrantRequest.objects.filter(kind=KIND_ACCOUNT, subject=user).exclude(
            status=GrantStatus.APPROVED).exists():
        # Four eyes: an account is activated by the approval of its request, not by its creator.
        raise ValidationError(_("This account waits for approval (or was rejected): it cannot be activated here."))
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, action="permission.reactivate" if active else "permission.deactivate",
                     obj=user, details={"username": user.username})
    return user


@transaction.atomic
def user_totp_reset(*, actor: User | None = None, user: User) -> int:
    """Remove a user's authenticator devices (lost or replaced phone); at the next sign-in
    the user enrols a new one. Returns how many devices were removed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    require_sysadmin(actor)
    removed, _per_model = TOTPDevice.objects.filter(user=user).delete()
    audit_record(actor=actor, action="permission.totp_reset", obj=user,
                 details={"username": user.username, "devices": removed})
    return removed
