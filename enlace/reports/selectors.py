"""The case file report: what the reader may see of a case, gathered into sections.

The case's own sections (summary, persons, timeline) are built here from the cases selectors;
every other app adds its sections through ``cases.hooks.case_report_sections`` (the evidence
registry does). Only a reader with full access gets a report: everyone else gets the same
NotFound as for a missing case. Persons are labelled through the identity gate with the
reader's own reveals in force at the request, so the report shows no more than the case page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.audit.services import audit_record
from enlace.cases.access import Access
from enlace.cases.hooks import case_report_sections
from enlace.cases.models import Case
from enlace.cases.selectors import case_get, case_persons, case_references, case_timeline
from enlace.cases.vocabulary import CaseStatus, ExploitationForm, LabourSector
from enlace.core.errors import NotFound
from enlace.core.report import ReportSection, ReportTable, ReportText
from enlace.persons.identity import person_labels


@dataclass(frozen=True)
class CaseReport:
    case: Case
    reader: str
    generated_at: dt.datetime
    sections: list[ReportSection]


def _labels(choices: type[models.TextChoices], codes: list[str]) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(c, c)) for c in codes) or "—"


def _summary(actor: User, case: Case) -> ReportSection:
    refs = ", ".join(f"{r.number} ({r.institution.name})" for r in case_references(actor=actor, case=case)) or "—"
    facts = [
        (_("Title"), case.title), (_("References"), refs),
        (_("Status"), str(CaseStatus(case.status).label) if case.status in CaseStatus.values else case.status),
        (_("Lead institution"), case.lead_institution.name + (f" · {case.lead_unit.name}" if case.lead_unit else "")),
        (_("Team"), case.team.name if case.team else "—"),
        (_("Reported on"), date_format(case.reported_on, "DATE_FORMAT") if case.reported_on else "—"),
        (_("Forms of exploitation"), _labels(ExploitationForm, case.forms_of_exploitation)),
        (_("Labour sectors"), _labels(LabourSector, case.labour_sectors)),
        (_("Transnational"), _("yes") if case.is_transnational else _("no")),
    ]
    return ReportSection(_("Summary"), 10, [ReportTable([_("Field"), _("Value")], [[k, str(v)] for k, v in facts])])


def _persons(actor: User, case: Case, reveals: dict | None) -> ReportSection:
    rows = list(case_persons(actor=actor, case=case))
    labels = person_labels(actor=actor, persons=[cp.person for cp in rows], reveals=reveals)
    table = [[labels[cp.person_id], cp.get_role_display(), cp.get_trafficking_status_display() or "—"] for cp in rows]
    blocks: list[ReportText | ReportTable] = [ReportText(_(
        "Protected persons are shown by pseudonym unless the reader had revealed their identity when the report "
        "was made."))]
    blocks.append(ReportTable([_("Person"), _("Role"), _("Trafficking status")], table) if table
                  else ReportText(_("No persons recorded.")))
    return ReportSection(_("Persons"), 20, blocks)


def _timeline(actor: User, case: Case) -> ReportSection:
    statuses = dict(CaseStatus.choices)
    rows = []
    for item in case_timeline(actor=actor, case=case):
        obj = item.obj
        if item.kind == "status":
            rows.append([date_format(item.on, "SHORT_DATE_FORMAT"), _("Status: %(status)s") % {
                "status": statuses.get(obj.to_status, obj.to_status)}, "", obj.by.get_username() if obj.by else ""])
        else:
            rows.append([date_format(item.on, "SHORT_DATE_FORMAT"), obj.get_kind_display(), obj.description,
                         obj.created_by.get_username() if obj.created_by else ""])
    blocks: list[ReportText | ReportTable] = [ReportTable([_("Date"), _("What"), _("Details"), _("By")], rows)] if rows \
        else [ReportText(_("Nothing recorded."))]
    return ReportSection(_("Timeline"), 30, blocks)


def case_report(*, actor: User, case_id: UUID, reveals: dict | None) -> CaseReport:
    """The report's sections in order; the request for it is audited (sections, never content)."""
    case, access = case_get(actor=actor, case_id=case_id, audit=False)
    if access < Access.FULL:
        raise NotFound
    sections = [_summary(actor, case), _persons(actor, case, reveals), _timeline(actor, case)]
    sections += [s for s in case_report_sections(actor=actor, case=case, reveals=reveals) if s is not None]
    sections.sort(key=lambda s: s.order)
    now = timezone.now()
    audit_record(actor=actor, action="case.report", obj=case, case_id=case.pk,
                 details={"sections": len(sections), "reveals": len([v for v in (reveals or {}).values()
                                                                   if v > now.timestamp()])})
    reader = actor.get_username() + (f" ({actor.get_full_name()})" if actor.get_full_name() else "")
    return CaseReport(case=case, reader=reader, generated_at=now, sections=sections)
