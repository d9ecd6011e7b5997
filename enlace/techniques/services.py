"""Writes of the special techniques compartment. Each is atomic, validated and audited.

Only a user who may edit the case writes here; a renewal or a confirmation only by a user named
on the authorisation (anyone else gets the NotFound of ``selectors.authorisation_get``). The
creator is always named. Audit entries carry ids and codes only: never scope, targets or names;
and no ``case_id``, so the case's audit trail does not betray the compartment (``selectors.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.audit.services import audit_record
from enlace.cases.access import has_full_access
from enlace.cases.models import Case, CasePerson
from enlace.core.errors import Forbidden
from enlace.core.locking import update_versioned

from .models import Authorisation, AuthorisationTarget
from .selectors import authorisation_get, member_candidates, technique_case
from .vocabulary import TechniqueKind


def _require_write(actor: User) -> None:
    if not actor.can_create_cases:
        raise Forbidden


def _members(actor: User, case: Case, member_ids: Iterable[int]) -> list[User]:
    ids = {int(i) for i in member_ids} - {actor.pk}
    found = list(member_candidates(actor=actor, case=case).filter(pk__in=ids))
    if len(found) != len(ids) or not all(has_full_access(u, case) for u in found):
        raise ValidationError({"member_ids": _("Only members of the case with full access can be named.")})
    return [actor, *found]


def _targets(case: Case, person_ids: Iterable[int], pseudonyms: Iterable[str]) -> tuple[list[CasePerson], list[str]]:
    ids = {int(i) for i in person_ids}
    persons = list(CasePerson.objects.filter(case=case, pk__in=ids))
    if len(persons) != len(ids):
        raise ValidationError({"target_person_ids": _("Only persons of this case can be targets.")})
    names = [p.strip() for p in pseudonyms if p and p.strip()]
    if any(len(n) > 80 for n in names):
        raise ValidationError({"target_pseudonyms": _("A code name has at most 80 characters.")})
    if not persons and not names:
        raise ValidationError({"target_person_ids": _("Name at least one target: a person of the case or a code name.")})
    return persons, names


def _check_dates(*, starts_on: dt.date, expires_on: dt.date, destroy_product_on: dt.date | None) -> None:
    if expires_on < starts_on:
        raise ValidationError({"expires_on": _("The expiry cannot be before the start.")})
    if destroy_product_on is not None and destroy_product_on < starts_on:
        raise ValidationError({"destroy_product_on": _("The product cannot be destroyed before the technique starts.")})


def _required(**values: str) -> None:
    missing = {name: _("This field is required.") for name, value in values.items() if not value.strip()}
    if missing:
        raise ValidationError(missing)


@transaction.atomic
def authorisation_create(
    *, actor: User, case_id: UUID, kind: str, legal_basis: str, authority: str, judge: str, scope: str,
    starts_on: dt.date, expires_on: dt.date, reference: str = "", emergency: bool = False,
    confirm_by: dt.datetime | None = None, report_due_on: dt.date | None = None, product_custody: str = "",
    destroy_product_on: dt.date | None = None, member_ids: Iterable[int] = (), target_person_ids: Iterable[int] = (),
    target_pseudonyms: Iterable[str] = (),
) -> Authorisation:
    """A new authorisation in the case; the actor is named on it with the members given."""
    case = technique_case(actor=actor, case_id=case_id)
    _require_write(actor)
    if kind not in TechniqueKind.values:
        raise ValidationError({"kind": _("Unknown technique.")})
    _required(legal_basis=legal_basis, authority=authority, judge=judge, scope=scope)
    _check_dates(starts_on=starts_on, expires_on=expires_on, destroy_product_on=destroy_product_on)
    if emergency and confirm_by is None:
        raise ValidationError({"confirm_by": _("An emergency authorisation needs the deadline for the judge's confirmation.")})
    members = _members(actor, case, member_ids)
    persons, names = _targets(case, target_person_ids, target_pseudonyms)
    auth = Authorisation.objects.create(
        case=case, kind=kind, reference=reference.strip(), legal_basis=legal_basis.strip(), authority=authority.strip(),
        judge=judge.strip(), scope=scope, starts_on=starts_on, expires_on=expires_on, emergency=emergency,
        confirm_by=confirm_by if emergency else None, report_due_on=report_due_on,
        product_custody=product_custody.strip(), destroy_product_on=destroy_product_on, created_by=actor)
    auth.members.set(members)
    AuthorisationTarget.objects.bulk_create(
        [AuthorisationTarget(authorisation=auth, case_person=p) for p in persons]
        + [AuthorisationTarget(authorisation=auth, pseudonym=n) for n in names])
    audit_record(actor=actor, action="technique.create", obj=auth,
                 details={"kind": kind, "emergency": emergency, "members": len(members), "targets": len(persons) + len(names)})
    return auth


@transaction.atomic
def authorisation_renew(
    *, actor: User, authorisation_id: UUID, expires_on: dt.date, judge: str, reference: str = "",
    authority: str = "", legal_basis: str = "", report_due_on: dt.date | None = None,
) -> Authorisation:
    """A renewal: a new authorisation from the day after the old one expires, linked to it; the
    technique, scope, targets, members and custody of the product carry over."""
    parent = authorisation_get(actor=actor, authorisation_id=authorisation_id, audit=False)
    _require_write(actor)
    parent = Authorisation.objects.select_for_update().get(pk=parent.pk)
    if parent.renewals.exists():
        raise ValidationError(_("This authorisation has already been renewed: renew the latest renewal."))
    if parent.emergency and parent.confirmed_at is None:
        raise ValidationError(_("An emergency authorisation must be confirmed by the judge before it can be renewed."))
    _required(judge=judge)
    starts_on = parent.expires_on + dt.timedelta(days=1)
    if expires_on < starts_on:
        raise ValidationError({"expires_on": _("A renewal must run past the current expiry.")})
    renewal = Authorisation.objects.create(
        case_id=parent.case_id, kind=parent.kind, reference=reference.strip(),
        legal_basis=legal_basis.strip() or parent.legal_basis, authority=authority.strip() or parent.authority,
        judge=judge.strip(), scope=parent.scope, starts_on=starts_on, expires_on=expires_on, renews=parent,
        report_due_on=report_due_on, product_custody=parent.product_custody,
        destroy_product_on=parent.destroy_product_on, created_by=actor)
    renewal.members.set(parent.members.all())
    AuthorisationTarget.objects.bulk_create([
        AuthorisationTarget(authorisation=renewal, case_person_id=t.case_person_id, pseudonym=t.pseudonym)
        for t in parent.targets.all()])
    audit_record(actor=actor, action="technique.renew", obj=renewal, details={"renews": parent.pk})
    return renewal


@transaction.atomic
def authorisation_confirm(*, actor: User, authorisation_id: UUID, version: int, confirmed_by: str) -> Authorisation:
    """The judge's confirmation of an emergency authorisation, before its deadline."""
    auth = authorisation_get(actor=actor, authorisation_id=authorisation_id, audit=False)
    _require_write(actor)
    if not auth.emergency:
        raise ValidationError(_("Only an emergency authorisation needs a confirmation."))
    if auth.confirmed_at is not None:
        raise ValidationError(_("This authorisation is already confirmed."))
    now = timezone.now()
    if auth.confirm_by is not None and auth.confirm_by < now:
        raise ValidationError(_("The confirmation deadline has passed: the authorisation lapsed. Record a new one."))
    _required(confirmed_by=confirmed_by)
    update_versioned(auth, expected_version=version, changes={"confirmed_at": now, "confirmed_by": confirmed_by.strip()})
    audit_record(actor=actor, action="technique.confirm", obj=auth)
    return auth
