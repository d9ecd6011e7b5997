"""Writes on agreements and liaisons: validated, audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.accounts.models import Institution, User
from enlace.accounts.roles import Role
from enlace.audit.services import audit_record
from enlace.core.errors import Forbidden
from enlace.core.locking import update_versioned
from enlace.core.storage import EncryptedFileStore

from .models import Agreement, AgreementFlow, Liaison
from .vocabulary import AgreementKind, AgreementStatus, DataCategory

DOCUMENT_CONTEXT = "cooperation.agreement"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Flow:
    provider: Institution
    recipient: Institution
    categories: Sequence[str]


@dataclass(frozen=True, kw_only=True)
class AgreementInput:
    code: str
    title: str
    kind: str
    purpose: str
    parties: Sequence[Institution]
    flows: Sequence[Flow]
    consent_required: bool = False
    purpose_limited: bool = True
    onward_sharing_forbidden: bool = True
    signed_on: dt.date | None = None
    in_force_from: dt.date | None = None
    expires_on: dt.date | None = None
    review_on: dt.date | None = None
    status: str = AgreementStatus.DRAFT
    answer_days: int = 15
    liaisons: Sequence[User] = field(default_factory=tuple)


def can_manage_agreements(actor: User) -> bool:
    return bool(actor.roles & {Role.LIAISON, Role.SUPERVISOR})


def may_manage_agreement(actor: User, parties: Iterable[Institution]) -> bool:
    """A liaison or a supervisor of one of the parties."""
    return can_manage_agreements(actor) and bool({p.pk for p in parties} & actor.institution_ids)


def _require_party(actor: User | None, parties: Iterable[Institution]) -> None:
    if actor is None:  # the shell operator (``enlace demo``, a migration of old data)
        return
    if not may_manage_agreement(actor, parties):
        raise Forbidden


def _validate(data: AgreementInput) -> None:
    errors: dict[str, str] = {}
    if not data.code.strip() or not data.title.strip() or not data.purpose.strip():
        errors["title"] = _("Give the agreement a reference, a title and its purpose.")
    if data.kind not in AgreementKind.values:
        errors["kind"] = _("Choose the kind of agreement.")
    if data.status not in AgreementStatus.values:
        errors["status"] = _("Choose a status.")
    if len({p.pk for p in data.parties}) < 2:
        errors["parties"] = _("An agreement has at least two parties.")
    party_ids = {p.pk for p in data.parties}
    for flow in data.flows:
        if flow.provider.pk not in party_ids or flow.recipient.pk not in party_ids or flow.provider.pk == flow.recipient.pk:
            errors["flows"] = _("Data flow between two different parties of the agreement.")
        if not flow.categories or set(flow.categories) - set(DataCategory.values):
            errors["flows"] = _("Say what may flow, from the listed categories.")
    if data.in_force_from and data.expires_on and data.expires_on < data.in_force_from:
        errors["expires_on"] = _("The agreement cannot expire before it comes into force.")
    if not 1 <= data.answer_days <= 365:
        errors["answer_days"] = _("Days to answer: between 1 and 365.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agreement_create(*, actor: User | None, data: AgreementInput) -> Agreement:
    _validate(data)
    _require_party(actor, data.parties)
    if Agreement.objects.filter(code=data.code.strip()).exists():
        raise ValidationError({"code": _("Another agreement has this reference.")})
    agreement = Agreement.objects.create(
        code=data.code.strip(), title=data.title.strip(), kind=data.kind, purpose=data.purpose.strip(),
        consent_required=data.consent_required, purpose_limited=data.purpose_limited,
        onward_sharing_forbidden=data.onward_sharing_forbidden, signed_on=data.signed_on,
        in_force_from=data.in_force_from, expires_on=data.expires_on, review_on=data.review_on, status=data.status,
        answer_days=data.answer_days, created_by=actor)
    agreement.parties.set(data.parties)
    agreement.liaisons.set(data.liaisons)
    for flow in data.flows:
        AgreementFlow.objects.create(agreement=agreement, provider=flow.provider, recipient=flow.recipient,
                                     categories=sorted(set(flow.categories)))
    audit_record(actor=actor, action="cooperation.agreement_create", obj=agreement,
                 details={"code": agreement.code, "status": agreement.status,
                          "parties": sorted(p.code for p in data.parties)})
    return agreement


@transaction.atomic
def agreement_set_status(*, actor: User | None, agreement: Agreement, expected_version: int, status: str,
                         note: str = "") -> Agreement:
    """Bring into force, suspend, terminate...; a sharing under it stops giving access at once."""
    _require_party(actor, agreement.parties.all())
    if status not in AgreementStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    before = agreement.status
    update_versioned(agreement, expected_version=expected_version, changes={"status": status})
    audit_record(actor=actor, action="cooperation.agreement_status", obj=agreement,
                 details={"code": agreement.code, "from": before, "to": status, "note": note[:300]})
    return agreement


@transaction.atomic
def agreement_attach_document(*, actor: User | None, agreement: Agreement, stream: BinaryIO, name: str,
                              store: EncryptedFileStore | None = None) -> Agreement:
    """Keep the signed document, encrypted in the file store (its SHA-256 recorded)."""
    _require_party(actor, agreement.parties.all())
    store = store or EncryptedFileStore()
    stored = store.write(stream, context=DOCUMENT_CONTEXT)
    if stored.size == 0 or stored.size > MAX_DOCUMENT_BYTES:
        store.delete(stored.file_id)
        raise ValidationError({"document": _("The document is empty or larger than 20 MB.")})
    Agreement.objects.filter(pk=agreement.pk).update(document_file_id=stored.file_id, document_name=name[:200],
                                                     document_sha256=stored.sha256)
    agreement.refresh_from_db()
    audit_record(actor=actor, action="cooperation.agreement_document", obj=agreement,
                 details={"code": agreement.code, "sha256": stored.sha256, "size": stored.size})
    return agreement


@transaction.atomic
def liaison_name(*, actor: User | None, user: User, institution: Institution, subdivision: str = "") -> Liaison:
    """Name a user with the liaison role as the institution's liaison (nationally or for a department)."""
    if actor is not None and not (actor.is_sysadmin or (Role.SUPERVISOR in actor.roles
                                                          and institution.pk in actor.institution_ids)):
        raise Forbidden
    if Role.LIAISON not in user.roles or institution.pk not in user.institution_ids:
        raise ValidationError({"user": _("Only a user with the liaison role in this institution can be its liaison.")})
    post, _created = Liaison.objects.update_or_create(user=user, institution=institution, subdivision=subdivision,
                                                      defaults={"is_active": True})
    audit_record(actor=actor, action="cooperation.liaison_name", obj=post,
                 details={"institution": institution.code, "subdivision": subdivision or "national"})
    return post
