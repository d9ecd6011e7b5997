"""Writes of the elements matrix: open a defendant's matrix for an offence (pre-filled from the
Palermo elements recorded at screening), and link evidence and testimonies to an element."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.audit.services import audit_record
from enlace.cases.models import CasePerson
from enlace.core.errors import NotFound
from enlace.core.locking import update_versioned

from .models import ElementLink, EvidenceItem, Offence
from .selectors_elements import case_defendants, screening_elements, screening_labels
from .services import _writable_case
from .vocabulary_proceedings import PROTECTED_PERSON_ROLES, ElementStatus


def defendant_of(case, defendant_id: int | None) -> CasePerson:
    found = case_defendants(case).filter(pk=defendant_id).first() if defendant_id else None
    if found is None:
        raise ValidationError({"defendant": _("Choose a suspect or defendant of this case.")})
    return found


@transaction.atomic
def matrix_open(*, actor, case_id: UUID, defendant_id: int, offence_id: int) -> list[ElementLink]:
    """One row per element and aggravation of the offence for the defendant (existing rows are kept)."""
    case = _writable_case(actor, case_id)
    defendant = defendant_of(case, defendant_id)
    offence = Offence.objects.filter(pk=offence_id, is_active=True).first()
    if offence is None:
        raise ValidationError({"offence": _("Unknown offence.")})
    recorded = screening_elements(case)
    rows = []
    for key in offence.element_keys():
        values = recorded.get(key, [])
        note = (_("Recorded at screening: %(values)s") % {"values": ", ".join(screening_labels(key, values))}
                if values else "")
        link, _created = ElementLink.objects.get_or_create(
            defendant=defendant, offence=offence, element=key,
            defaults={"case": case, "screening_values": values, "note": note, "updated_by": actor})
        rows.append(link)
    audit_record(actor=actor, action="elements.open", obj=case, case_id=case.pk,
                 details={"defendant": defendant.pk, "offence": offence.code})
    return rows


def _evidence_of(case, ids: Iterable[int]) -> list[EvidenceItem]:
    ids = set(ids)
    items = list(EvidenceItem.objects.filter(case=case, pk__in=ids))
    if len(items) != len(ids):
        raise ValidationError({"evidence": _("Only evidence items of this case can be linked.")})
    return items


def _testimonies_of(case, ids: Iterable[int]) -> list[CasePerson]:
    ids = set(ids)
    persons = list(CasePerson.objects.filter(case=case, pk__in=ids, role__in=PROTECTED_PERSON_ROLES))
    if len(persons) != len(ids):
        raise ValidationError({"testimonies": _("Only victims, witnesses or reporting persons of this case "
                                                "can be linked as testimonies.")})
    return persons


@transaction.atomic
def element_update(*, actor, link_id: int, expected_version: int, status: str, note: str = "",
                   evidence_ids: Iterable[int] = (), testimony_ids: Iterable[int] = ()) -> ElementLink:
    link = ElementLink.objects.select_for_update().filter(pk=link_id).first()
    if link is None:
        raise NotFound
    case = _writable_case(actor, link.case.public_id)
    if status not in ElementStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if len(note) > 2000:
        raise ValidationError({"note": _("The note is too long (at most 2,000 characters).")})
    items = _evidence_of(case, evidence_ids)
    persons = _testimonies_of(case, testimony_ids)
    update_versioned(link, expected_version=expected_version,
                     changes={"status": status, "note": note, "updated_by": actor})
    link.evidence.set(items)
    link.testimonies.set(persons)
    audit_record(actor=actor, action="elements.update", obj=link, case_id=case.pk,
                 details={"element": link.element, "status": status, "evidence": len(items),
                          "testimonies": len(persons)})
    return link
