"""Writes on international cooperation: MLA requests and their timeline, INTERPOL notices, joint
investigation teams. Validated, audited in the same transaction; a case is linked only by someone
with full access to it (the cases' access rule), and nothing identifying goes to the audit details."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import Institution, User
from enlace.audit.services import audit_record
from enlace.cases.access import has_full_access
from enlace.cases.models import Case, CasePerson
from enlace.core.errors import Conflict, Forbidden
from enlace.core.locking import update_versioned
from enlace.geo.selectors import is_country

from .models import Agreement
from .models_intl import (
    InterpolNotice,
    JitExtension,
    JitMember,
    JitParty,
    JointInvestigationTeam,
    MlaEvent,
    MlaRequest,
)
from .selectors_intl import may_write_intl
from .vocabulary_intl import (
    MLA_MOVES,
    MLA_NEEDS_REASON,
    AssistanceType,
    Direction,
    InterpolStatus,
    JitBasis,
    LegalBasis,
    MlaStatus,
    NoticeColour,
)


def _owner(actor: User) -> Institution:
    institution = actor.primary_institution
    if not actor.can_work_cases or institution is None:
        raise Forbidden
    return institution


def _require_cases(actor: User, cases: Sequence[Case]) -> None:
    """Linking a case is a write on it: full access and a role that edits case files."""
    if cases and not actor.can_create_cases or any(not has_full_access(actor, c) for c in cases):
        raise Forbidden


def _next(model: type, prefix: str) -> str:
    year = timezone.localdate().year
    count = model.objects.filter(reference__startswith=f"{prefix}-{year}-").count()  # type: ignore[attr-defined]
    return f"{prefix}-{year}-{count + 1:04d}"


@dataclass(frozen=True, kw_only=True)
class MlaInput:
    direction: str
    counterpart_country: str
    requesting_authority: str
    requested_authority: str
    central_authority: str
    legal_basis: str
    assistance_type: str
    facts: str
    law: str
    assistance_sought: str
    treaty: str = ""
    confidential: bool = False
    confidentiality_reasons: str = ""
    translation: str = ""
    deadline: dt.date | None = None
    cases: Sequence[Case] = field(default_factory=tuple)


def _validate_mla(data: MlaInput) -> None:
    errors: dict[str, str] = {}
    if data.direction not in Direction.values:
        errors["direction"] = _("Say whether the request is outgoing or incoming.")
    if not is_country(data.counterpart_country):
        errors["counterpart_country"] = _("Choose the counterpart country.")
    if data.legal_basis not in LegalBasis.values:
        errors["legal_basis"] = _("Choose the legal basis.")
    elif data.legal_basis == LegalBasis.TREATY and not data.treaty.strip():
        errors["treaty"] = _("Name the treaty.")
    if data.assistance_type not in AssistanceType.values:
        errors["assistance_type"] = _("Choose the type of assistance.")
    texts = (data.requesting_authority, data.requested_authority, data.central_authority, data.facts, data.law,
             data.assistance_sought)
    if not all(t.strip() for t in texts):
        errors["facts"] = _("Name the authorities and write the facts, the law and the assistance sought.")
    if data.confidential and not data.confidentiality_reasons.strip():
        errors["confidentiality_reasons"] = _("Give the reasons for confidentiality.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def mla_create(*, actor: User, data: MlaInput) -> MlaRequest:
    """Record a request (a draft when outgoing; received when incoming), its timeline started."""
    institution = _owner(actor)
    _validate_mla(data)
    _require_cases(actor, data.cases)
    status = MlaStatus.DRAFT if data.direction == Direction.OUTGOING else MlaStatus.SENT
    mla = MlaRequest.objects.create(
        reference=_next(MlaRequest, "MLA"), direction=data.direction, institution=institution,
        counterpart_country=data.counterpart_country, requesting_authority=data.requesting_authority.strip(),
        requested_authority=data.requested_authority.strip(), central_authority=data.central_authority.strip(),
        legal_basis=data.legal_basis, treaty=data.treaty.strip(), assistance_type=data.assistance_type,
        facts=data.facts.strip(), law=data.law.strip(), assistance_sought=data.assistance_sought.strip(),
        confidential=data.confidential, confidentiality_reasons=data.confidentiality_reasons.strip(),
        translation=data.translation.strip(), deadline=data.deadline, status=status, created_by=actor)
    mla.cases.set(data.cases)
    MlaEvent.objects.create(mla=mla, status=status, on=timezone.localdate(), actor=actor)
    audit_record(actor=actor, action="cooperation.mla_create", obj=mla,
                 details={"reference": mla.reference, "direction": mla.direction,
                          "country": mla.counterpart_country, "cases": sorted(c.pk for c in data.cases)})
    return mla


@transaction.atomic
def mla_move(*, actor: User, mla: MlaRequest, expected_version: int, status: str, on: dt.date | None = None,
             note: str = "") -> MlaRequest:
    """The next step of the timeline; a refusal, postponement or request for more information says why."""
    if not may_write_intl(actor, mla):
        raise Forbidden
    if status not in MLA_MOVES.get(mla.status, frozenset()):
        raise Conflict(_("The request cannot move from %(from)s to %(to)s.")
                       % {"from": mla.get_status_display(), "to": MlaStatus(status).label
                          if status in MlaStatus.values else status})
    if status in MLA_NEEDS_REASON and not note.strip():
        raise ValidationError({"note": _("Give the reason.")})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date is in the future.")})
    reason = note.strip()[:300] if status in MLA_NEEDS_REASON else mla.status_reason
    update_versioned(mla, expected_version=expected_version, changes={"status": status, "status_reason": reason})
    MlaEvent.objects.create(mla=mla, status=status, on=on, note=note.strip()[:300], actor=actor)
    audit_record(actor=actor, action="cooperation.mla_status", obj=mla,
                 details={"reference": mla.reference, "status": status})
    return mla


@transaction.atomic
def notice_create(*, actor: User, case: Case, colour: str, ncb: str, purpose: str, requested_on: dt.date,
                  subject: CasePerson | None = None) -> InterpolNotice:
    """Record a notice asked for a person of the case (by pseudonym: the subject is the case person)."""
    institution = _owner(actor)
    _require_cases(actor, [case])
    errors: dict[str, str] = {}
    if colour not in NoticeColour.values:
        errors["colour"] = _("Choose the notice or diffusion.")
    if subject is not None and subject.case_id != case.pk:
        errors["subject"] = _("The subject must be a person of the case.")
    if not ncb.strip() or not purpose.strip():
        errors["ncb"] = _("Name the national central bureau and the purpose.")
    if requested_on > timezone.localdate():
        errors["requested_on"] = _("The date is in the future.")
    if errors:
        raise ValidationError(errors)
    notice = InterpolNotice.objects.create(
        reference=_next(InterpolNotice, "NOT"), colour=colour, institution=institution, case=case, subject=subject,
        ncb=ncb.strip(), purpose=purpose.strip(), requested_on=requested_on, created_by=actor)
    audit_record(actor=actor, action="cooperation.notice_create", obj=notice, case_id=case.pk,
                 details={"reference": notice.reference, "colour": colour})
    return notice


@transaction.atomic
def notice_set_status(*, actor: User, notice: InterpolNotice, expected_version: int, status: str,
                      on: dt.date | None = None, interpol_reference: str = "") -> InterpolNotice:
    if not may_write_intl(actor, notice):
        raise Forbidden
    if status not in InterpolStatus.values or status == InterpolStatus.REQUESTED:
        raise ValidationError({"status": _("Choose a status.")})
    changes: dict[str, object] = {"status": status}
    if status == InterpolStatus.ISSUED:
        changes.update(issued_on=on or timezone.localdate(), interpol_reference=interpol_reference.strip()[:40])
    update_versioned(notice, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action="cooperation.notice_status", obj=notice, case_id=notice.case_id,
                 details={"reference": notice.reference, "status": status})
    return notice


@dataclass(frozen=True)
class PartyInput:
    country: str
    authority: str
    leader: str


@dataclass(frozen=True, kw_only=True)
class JitInput:
    title: str
    legal_basis: str
    purpose: str
    applicable_law: str
    evidence_terms: str
    starts_on: dt.date
    expires_on: dt.date
    parties: Sequence[PartyInput]
    members: Sequence[tuple[str, str, str]] = ()  # (country, name, function)
    agreement: Agreement | None = None
    cases: Sequence[Case] = field(default_factory=tuple)


def _validate_jit(data: JitInput) -> None:
    errors: dict[str, str] = {}
    countries = [p.country for p in data.parties]
    if len(set(countries)) < 2 or not all(is_country(c) for c in countries):
        errors["parties"] = _("A joint investigation team has at least two states.")
    if any(not p.authority.strip() or not p.leader.strip() for p in data.parties):
        errors["parties"] = _("Each party names its authority and the team's leader for it.")
    if any(m[0] not in countries for m in data.members):
        errors["members"] = _("Members belong to a party of the team.")
    if data.legal_basis not in JitBasis.values:
        errors["legal_basis"] = _("Choose the legal basis.")
    elif data.legal_basis == JitBasis.BILATERAL and data.agreement is None:
        errors["agreement"] = _("A team set up by a bilateral agreement cites it.")
    if not all(t.strip() for t in (data.title, data.purpose, data.applicable_law, data.evidence_terms)):
        errors["purpose"] = _("Write the title, purpose, the law that applies and the evidence-sharing terms.")
    if data.expires_on <= data.starts_on:
        errors["expires_on"] = _("The team expires after it starts.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def jit_create(*, actor: User, data: JitInput) -> JointInvestigationTeam:
    institution = _owner(actor)
    _validate_jit(data)
    _require_cases(actor, data.cases)
    jit = JointInvestigationTeam.objects.create(
        reference=_next(JointInvestigationTeam, "JIT"), title=data.title.strip(), institution=institution,
        legal_basis=data.legal_basis, agreement=data.agreement, purpose=data.purpose.strip(),
        applicable_law=data.applicable_law.strip(), evidence_terms=data.evidence_terms.strip(),
        starts_on=data.starts_on, expires_on=data.expires_on, created_by=actor)
    JitParty.objects.bulk_create([JitParty(jit=jit, country=p.country, authority=p.authority.strip(),
                                           leader=p.leader.strip()) for p in data.parties])
    JitMember.objects.bulk_create([JitMember(jit=jit, country=c, name=n.strip(), function=f.strip())
                                   for c, n, f in data.members])
    jit.cases.set(data.cases)
    audit_record(actor=actor, action="cooperation.jit_create", obj=jit,
                 details={"reference": jit.reference, "parties": sorted(p.country for p in data.parties),
                          "cases": sorted(c.pk for c in data.cases)})
    return jit


@transaction.atomic
def jit_extend(*, actor: User, jit: JointInvestigationTeam, expected_version: int, new_expiry: dt.date,
               agreed_on: dt.date) -> JointInvestigationTeam:
    """Extend by consent of the parties: the new expiry, and the old one kept in the record."""
    if not may_write_intl(actor, jit):
        raise Forbidden
    if new_expiry <= jit.expires_on:
        raise ValidationError({"new_expiry": _("An extension ends after the current expiry.")})
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("The date is in the future.")})
    previous = jit.expires_on
    update_versioned(jit, expected_version=expected_version, changes={"expires_on": new_expiry, "reminded_on": None})
    JitExtension.objects.create(jit=jit, previous_expiry=previous, new_expiry=new_expiry, agreed_on=agreed_on,
                                actor=actor)
    audit_record(actor=actor, action="cooperation.jit_extend", obj=jit,
                 details={"reference": jit.reference, "from": previous.isoformat(), "to": new_expiry.isoformat()})
    return jit


@transaction.atomic
def intl_link_case(*, actor: User, obj: MlaRequest | JointInvestigationTeam, case: Case) -> None:
    """Link another case to a request or a team: its recorder's side, and someone who edits that case."""
    if not may_write_intl(actor, obj):
        raise Forbidden
    _require_cases(actor, [case])
    obj.cases.add(case)
    audit_record(actor=actor, action="cooperation.intl_case", obj=obj, case_id=case.pk,
                 details={"reference": obj.reference})
