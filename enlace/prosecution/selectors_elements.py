"""Reads of the elements matrix: per case and per defendant, each element and aggravation of the
offence with what proves it and what is missing. Full access to the case, the same 404 otherwise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from enlace.audit.reads import audit_read
from enlace.cases.models import Case, CasePerson, CasePlace
from enlace.core.errors import NotFound
from enlace.core.plausibility import age_range
from enlace.screening.models import PalermoAct, PalermoMeans, PalermoPurpose, Screening

from .elements import Gap, element_required, gap_reason, is_child
from .models import Charge, ElementLink, EvidenceItem, Offence
from .selectors import evidence_case
from .vocabulary_proceedings import DEFENDANT_ROLES, VICTIM_ROLES

EXPLOITATION_PLACES = ("recruitment", "exploitation")
PALERMO = {"act": ("palermo_acts", PalermoAct), "means": ("palermo_means", PalermoMeans),
           "purpose": ("palermo_purposes", PalermoPurpose)}


@dataclass
class MatrixRow:
    link: ElementLink
    label: str
    required: bool
    gap: str | None
    screening_labels: list[str]
    evidence: list[EvidenceItem] = field(default_factory=list)
    testimonies: list[CasePerson] = field(default_factory=list)


@dataclass
class MatrixGroup:
    defendant: CasePerson
    offence: Offence
    rows: list[MatrixRow] = field(default_factory=list)

    @property
    def gaps(self) -> list[MatrixRow]:
        return [r for r in self.rows if r.gap]


def offences(*, country: str | None = None) -> QuerySet[Offence]:
    qs = Offence.objects.filter(is_active=True)
    return qs.filter(country=country) if country else qs


def case_defendants(case: Case) -> QuerySet[CasePerson]:
    return CasePerson.objects.filter(case=case, role__in=DEFENDANT_ROLES).select_related("person").order_by("id")


def exploitation_began(case: Case) -> dt.date:
    """The earliest date the case's exploitation is known to have begun by: the first recruitment or
    exploitation date of its places, else the report date (it began before it was reported), else today."""
    dates = [d for d in CasePlace.objects.filter(case=case, kind__in=EXPLOITATION_PLACES).values_list(
        "date_from", flat=True) if d is not None]
    return min([*dates, *([case.reported_on] if case.reported_on else []), timezone.localdate()])


def has_child_victim(case: Case) -> bool:
    """A victim under 18 at the time of exploitation, by the age recorded or else by the birth date alone.

    Protective: a birth date that makes the victim possibly under 18 then (a year without month and day
    spans two ages) counts, since treating a child as an adult is the error the law guards against.
    """
    on = None
    for cp in CasePerson.objects.filter(case=case, role__in=VICTIM_ROLES).select_related("person"):
        if is_child(cp.age_at_exploitation):
            return True
        person = cp.person
        if cp.age_at_exploitation is None and person.birth_year:
            on = on or exploitation_began(case)
            ages = age_range(year=person.birth_year, month=person.birth_month, day=person.birth_day, on=on)
            if ages is not None and is_child(ages[0]):
                return True
    return False


def screening_elements(case: Case) -> dict[str, list[str]]:
    """The Palermo elements the officers recorded at the case's screenings, by element (codes)."""
    found: dict[str, list[str]] = {key: [] for key in PALERMO}
    for screening in Screening.objects.filter(case=case).only("palermo_acts", "palermo_means", "palermo_purposes"):
        for key, (attr, _choices) in PALERMO.items():
            for code in getattr(screening, attr) or []:
                if code not in found[key]:
                    found[key].append(code)
    return found


def screening_labels(element: str, codes: list[str]) -> list[str]:
    if element not in PALERMO:
        return []
    choices = PALERMO[element][1]
    return [str(choices(c).label) for c in codes if c in choices.values]


def _charged_aggravations(case: Case) -> dict[tuple[int, int], set[str]]:
    charged: dict[tuple[int, int], set[str]] = {}
    for charge in Charge.objects.filter(case=case).exclude(status="withdrawn"):
        charged.setdefault((charge.defendant_id, charge.offence_id), set()).update(charge.aggravations or [])
    return charged


def matrix_groups(case: Case) -> list[MatrixGroup]:
    """Every (defendant, offence) matrix of the case with its rows, required flags and gaps."""
    child = has_child_victim(case)
    charged = _charged_aggravations(case)
    links = (ElementLink.objects.filter(case=case).select_related("offence", "defendant__person", "defendant__case")
             .prefetch_related("evidence", "testimonies__person").order_by("defendant_id", "offence_id", "id"))
    groups: dict[tuple[int, int], MatrixGroup] = {}
    for link in links:
        key = (link.defendant_id, link.offence_id)
        group = groups.setdefault(key, MatrixGroup(defendant=link.defendant, offence=link.offence))
        required = element_required(element=link.element, child_exempt=link.offence.child_exempt(link.element),
                                    child_victim=child, charged_aggravations=charged.get(key, set()))
        evidence, testimonies = list(link.evidence.all()), list(link.testimonies.all())
        group.rows.append(MatrixRow(link=link, label=link.offence.label_of(link.element), required=required,
                                    gap=gap_reason(required=required, status=link.status,
                                                   linked=len(evidence) + len(testimonies)),
                                    screening_labels=screening_labels(link.element, link.screening_values),
                                    evidence=evidence, testimonies=testimonies))
    return list(groups.values())


def gaps_of(groups: list[MatrixGroup]) -> list[Gap]:
    return [Gap(case_id=g.defendant.case_id, case_public_id=g.defendant.case.public_id, defendant=g.defendant.person.pseudonym, offence=g.offence.article,
                element=row.label, reason=row.gap) for g in groups for row in g.rows if row.gap]


def element_matrix(*, actor, case_id: UUID) -> tuple[Case, list[MatrixGroup]]:
    case = evidence_case(actor=actor, case_id=case_id)
    audit_read(actor=actor, action="elements.read", obj=case, case_id=case.pk, lead=True)
    return case, matrix_groups(case)


def element_row_get(*, actor, link_id: UUID) -> tuple[Case, MatrixRow]:
    """One row of a matrix (its element, status, links and gap), read and audited as the matrix is."""
    link = element_link_get(actor=actor, link_id=link_id)
    audit_read(actor=actor, action="elements.read", obj=link.case, case_id=link.case_id, lead=True)
    row = next(r for g in matrix_groups(link.case) for r in g.rows if r.link.pk == link.pk)
    return link.case, row


def evidence_choices(case: Case) -> list[EvidenceItem]:
    """The case's items for the matrix's forms (the caller checked full access to the case)."""
    return list(EvidenceItem.objects.filter(case=case).only("exhibit_number", "kind"))


def element_link_get(*, actor, link_id: UUID) -> ElementLink:
    link = ElementLink.objects.select_related("case", "offence").filter(public_id=link_id).first()
    if link is None:
        raise NotFound
    evidence_case(actor=actor, case_id=link.case.public_id)
    return link
