"""Account administration: institutions, units, users, memberships, teams, API tokens.

Every function is atomic and writes its audit entry (permission changes are audited).
Only system administrators manage accounts (checked by ``require_sysadmin``); the
management commands pass ``actor=None`` (a shell operator on the server).
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.audit.services import audit_record
from enlace.core.errors import Forbidden
from enlace.geo.selectors import is_country, is_subdivision_of

from .models import ApiToken, Institution, Membership, Team, TeamMember, Unit, User
from .roles import InstitutionKind, Role


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


@transaction.atomic
def user_create(*, actor: User | None = None, username: str, password: str, institution: Institution, role: str,
                unit: Unit | None = None, first_name: str = "", last_name: str = "", email: str = "",
                validate: bool = True) -> User:
    require_sysadmin(actor)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s.") % {"role": role}})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    if unit is not None and unit.institution_id != institution.pk:
        raise ValidationError({"unit": _("The unit does not belong to the institution.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if validate:
        _check_password(password, user, field="password")
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    Membership.objects.create(user=user, institution=institution, unit=unit, role=role)
    audit_record(actor=actor, action="user.create", obj=user,
                 details={"username": username, "institution": institution.code, "role": role,
                          "unit": unit.code if unit else None})
    return user


@transaction.atomic
def membership_add(*, actor: User | None = None, user: User, institution: Institution, role: str, unit: Unit | None = None) -> Membership:
    require_sysadmin(actor)
    if actor is not None and actor.pk == user.pk:
        # Separation of duties: an administrator's own access is changed by someone else.
        raise ValidationError(_("You cannot give yourself a role; ask another administrator."))
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s.") % {"role": role}})
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


@transaction.atomic
def team_member_add(*, actor: User | None = None, team: Team, user: User) -> TeamMember:
    require_sysadmin(actor)
    tm, _created = TeamMember.objects.get_or_create(team=team, user=user)
    audit_record(actor=actor, action="permission.team_add", obj=team, details={"user": user.username})
    return tm


@transaction.atomic
def team_member_remove(*, actor: User | None = None, team: Team, user: User) -> None:
    require_sysadmin(actor)
    TeamMember.objects.filter(team=team, user=user).delete()
    audit_record(actor=actor, action="permission.team_remove", obj=team, details={"user": user.username})


def _hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor: User | None = None, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Returns the token row and the plain token, which is never stored and shown once."""
    if actor is not None and actor.pk != user.pk:
        require_sysadmin(actor)
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    plain = f"enl_{prefix}_{secret}"
    tok = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=_hash_token(plain))
    audit_record(actor=actor, action="token.create", obj=user, details={"prefix": prefix, "name": name})
    return tok, plain


@transaction.atomic
def token_revoke(*, actor: User | None = None, token: ApiToken) -> None:
    if actor is not None and actor.pk != token.user_id:
        require_sysadmin(actor)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="token.revoke", obj=token.user, details={"prefix": token.prefix})


def token_authenticate(plain: str) -> User | None:
    """Constant-time check of a presented Bearer token; None when unknown or revoked."""
    parts = plain.split("_")
    if len(parts) < 3 or parts[0] != "enl":
        return None
    tok = ApiToken.objects.select_related("user").filter(prefix=parts[1], revoked_at__isnull=True).first()
    if tok is None or not secrets.compare_digest(tok.key_hash, _hash_token(plain)) or not tok.user.is_active:
        return None
    ApiToken.objects.filter(pk=tok.pk).update(last_used_at=timezone.now())
    return tok.user


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
