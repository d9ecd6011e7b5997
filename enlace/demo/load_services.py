"""Write planned cases through the case and person services, exactly as the web UI does.

Why: the default demo must exercise validation, encryption, pseudonyms, access checks and
the audit chain the same way real use does (each call below is audited). The services
stamp "now"; afterwards the history is spread over the plan's dates (created, updated,
status changes, events, notes, tasks) so lists and timelines look lived-in. The audit log
keeps the true load time: it is never rewritten.
"""

from __future__ import annotations

import datetime as dt

from enlace.accounts.models import User
from enlace.cases.models import Case, CaseEvent, CaseNote, CaseStatusChange, CaseTask
from enlace.cases.services import (
    case_create,
    case_event_add,
    case_note_add,
    case_place_add,
    case_reference_add,
    case_status_change,
    case_task_add,
    case_task_complete,
)
from enlace.cases.services_access import case_participant_grant, case_sharing_grant, check_sharing
from enlace.cases.services_persons import RoleFields, case_person_add
from enlace.geo.models import Municipality
from enlace.persons.models import Person
from enlace.persons.services import PersonInput

from . import tables
from .common import References, day, moment
from .plan import CasePlan
from .workspace import Workspace

PROSECUTION_STAGES = ("prosecution", "trial", "judgment")


class ServiceLoader:
    def __init__(self, ws: Workspace, today: dt.date) -> None:
        self.ws, self.today = ws, today
        self.refs = References()
        self.persons: dict[str, Person] = {}
        self.municipalities = {m.code: m for m in Municipality.objects.all()}

    def load(self, plan: CasePlan) -> Case:
        ws, dep = self.ws, tables.departments()[plan.department]
        lead = ws.institutions[plan.lead]
        unit = ws.units[tables.police_unit_code(dep) if plan.lead == "policia" else tables.prosecution_unit_code(dep)]
        creator = ws.staff(plan.department, plan.slot, "investigator" if plan.lead == "policia" else "prosecutor")
        prosecutor = ws.staff(plan.department, plan.slot, "prosecutor")
        year = day(self.today, plan.reported).year
        case = case_create(
            actor=creator, title=plan.title, lead_institution=lead, lead_unit=unit,
            team=ws.teams[tables.team_code(dep, plan.slot)], summary=plan.summary,
            forms_of_exploitation=plan.forms, labour_sectors=plan.sectors, tags=plan.tags,
            reported_on=day(self.today, plan.reported), reference_number=self.refs.next(lead, dep["short"], year),
        )
        for p in plan.places:
            case_place_add(actor=creator, case=case, kind=p.kind, country=p.country, subdivision=p.subdivision,
                           municipality=self.municipalities.get(p.municipality),
                           description=p.description)
        for pp in plan.persons:
            if pp.reuse:
                case_person_add(actor=creator, case=case, role=pp.role, person=self.persons[pp.reuse],
                                role_fields=RoleFields.from_mapping(pp.fields))
                continue
            # The demo writes phones as officers do, some foreign ones without their calling code:
            # such a number is kept as written and unverified (out of matching), as the form allows.
            # Ages at exploitation are drawn for the report year, so some sit a year off the birth
            # date at the exploitation's start: recorded as an officer who checked them would.
            cp = case_person_add(actor=creator, case=case, role=pp.role, confirm_unlikely=True,
                                 data=PersonInput(**{"phones_unverified": True, **pp.data}),
                                 role_fields=RoleFields.from_mapping(pp.fields))
            if pp.key:
                self.persons[pp.key] = cp.person
        for status, _offset in plan.statuses:
            actor = prosecutor if status in PROSECUTION_STAGES else creator
            if status == "prosecution" and plan.lead == "policia":
                fis = ws.institutions["fiscalia"]
                case_reference_add(actor=prosecutor, case=case, institution=fis,
                                   number=self.refs.next(fis, dep["short"], year))
            case = case_status_change(actor=actor, case=case, expected_version=case.version, to_status=status)
        # Events after the status they belong to (a judgment is recorded on a case that reached trial).
        for kind, offset, text in plan.events:
            case_event_add(actor=creator, case=case, kind=kind, occurred_on=day(self.today, offset), description=text)
        for title, due, role, done in plan.tasks:
            assignee = ws.staff(plan.department, plan.slot, role) if role else None
            task = case_task_add(actor=creator, case=case, title=title, due_on=day(self.today, due), assignee=assignee)
            if done:
                case_task_complete(actor=assignee or creator, task=task, expected_version=task.version)
        for i, (text, _offset) in enumerate(plan.notes):
            case_note_add(actor=creator if i % 2 == 0 else prosecutor, case=case, text=text)
        for key in plan.sharings:
            s = tables.workspace()["sharings"][key]
            institution = ws.institutions[s["institution"]]
            # The demo's sharings rest on the demo's agreements: the policy names the one in force.
            agreement_id = check_sharing(creator, case, institution, s["scope"], s["purpose"], None, None)
            case_sharing_grant(actor=creator, case=case, institution=institution, scope=s["scope"],
                               purpose=s["purpose"], agreement_id=agreement_id)
        if plan.participant:
            case_participant_grant(actor=creator, case=case, user=User.objects.get(username=plan.participant))
        self._backdate(case, plan)
        return case

    def _backdate(self, case: Case, plan: CasePlan) -> None:
        t = self.today
        last = max([plan.reported] + [d for _s, d in plan.statuses] + [d for _t, d in plan.notes])
        Case.objects.filter(pk=case.pk).update(created_at=moment(t, plan.reported, 9), updated_at=moment(t, last, 17))
        changes = list(CaseStatusChange.objects.filter(case=case).order_by("id").values_list("id", flat=True))
        for pk, offset in zip(changes, [plan.reported] + [d for _s, d in plan.statuses], strict=False):
            CaseStatusChange.objects.filter(pk=pk).update(at=moment(t, offset, 11))
        for pk, (_k, offset, _d) in zip(CaseEvent.objects.filter(case=case).order_by("id").values_list("id", flat=True),
                                        plan.events, strict=False):
            CaseEvent.objects.filter(pk=pk).update(created_at=moment(t, offset, 15))
        for pk, (_n, offset) in zip(CaseNote.objects.filter(case=case).order_by("id").values_list("id", flat=True),
                                    plan.notes, strict=False):
            CaseNote.objects.filter(pk=pk).update(created_at=moment(t, offset, 16))
        for task, (_title, due, _r, done) in zip(CaseTask.objects.filter(case=case).order_by("id"), plan.tasks,
                                                 strict=False):
            created = moment(t, min((due or 0) - 14, -1) if due is not None else plan.reported, 12)
            CaseTask.objects.filter(pk=task.pk).update(
                created_at=max(created, moment(t, plan.reported, 12)),
                done_at=moment(t, min(due or -1, -1), 18) if done else None)
