"""Reads of the elements matrix: per case and per defendant, each element and aggravation of the
offence with what proves it and what is missing. Full access to the case, the same 404 otherwise."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from enlace.audit.reads import audit_read
from enlace.cases.models import Case, CasePerson
from enlace.core.errors import NotFound
from enlace.screening.models import PalermoAct, PalermoMeans, PalermoPurpose, Screening

from .elements import Gap, element_required, gap_reason, is_child
from .models import Charge, ElementLink, EvidenceItem, Offence
from .selectors import evidence_case
from .vocabulary_proceedings import DEFENDANT_ROLES, VICTIM_ROLES

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


def has_child_victim(case: Case) -> bool:
    ages = CasePerson.objects.filter(case=case, role__in=VICTIM_ROLES).values_list("age_at_exploitation", flat=True)
    return any(is_child(a) for a in ages)


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
    links = (ElementLink.objects.filter(case=case).select_related("offence", "defendant__person")
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
    return [Gap(case_id=g.defendant.case_id, defendant=g.defendant.person.pseudonym, offence=g.offence.article,
                element=row.label, reason=row.gap) for g in groups for row in g.rows if row.gap]


def element_matrix(*, actor, case_id: int) -> tuple[Case, list[MatrixGroup]]:
    case = evidence_case(actor=actor, case_id=case_id)
    audit_read(actor=actor, action="elements.read", obj=case, case_id=case.pk, lead=True)
    return case, matrix_groups(case)


def element_row_get(*, actor, link_id: int) -> tuple[Case, MatrixRow]:
    """One row of a matrix (its element, status, links and gap), read and audited as the matrix is."""
    link = element_link_get(actor=actor, link_id=link_id)
    audit_read(actor=actor, action="elements.read", obj=link.case, case_id=link.case_id, lead=True)
    row = next(r for g in matrix_groups(link.case) for r in g.rows if r.link.pk == link.pk)
    return link.case, row


def evidence_choices(case: Case) -> list[EvidenceItem]:
    """The case's items for the matrix's forms (the caller checked full access to the case)."""
    return list(EvidenceItem.objects.filter(case=case).only("exhibit_number", "kind"))


def element_link_get(*, actor, link_id: int) -> ElementLink:
    link = ElementLink.objects.select_related("case", "offence").filter(pk=link_id).first()
    if link is None:
        raise NotFound
    evidence_case(actor=actor, case_id=link.case_id)
    return link
