"""Write planned cases with ``bulk_create``: benchmark-sized workspaces (100,000 cases).

Why not the services: one case through the services is ~40 audited writes; 100,000 cases
would take hours. The data stay valid as the services would leave them: identifying fields
are encrypted and bound to their row (``EncryptedTextField`` seals each value for its
object's public id in ``pre_save``, which ``bulk_create`` calls), identifiers are
normalised and blind-indexed by the same functions (``enlace.persons.identifiers``),
pseudonyms come from the same counters, ``search_text`` and ``is_transnational`` are
computed as in ``enlace.cases.services``, and every case has its status changes. One
audit entry records the bulk load itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models, transaction

from enlace.accounts.models import Institution
from enlace.audit.services import audit_record
from enlace.cases.models import (
    Case,
    CaseEvent,
    CaseNote,
    CaseParticipant,
    CasePerson,
    CasePlace,
    CaseReference,
    CaseSharing,
    CaseStatusChange,
    CaseTask,
)
from enlace.cases.vocabulary import PSEUDONYM_PREFIX
from enlace.geo.models import Municipality
from enlace.geo.selectors import subdivision_short
from enlace.persons import identifiers
from enlace.persons.models import Person, PersonDocument, PersonPhone, PseudonymCounter

from . import load_cooperation, tables
from .common import References, day, moment
from .plan import CasePlan, PersonPlan, Planner
from .workspace import Workspace

CHUNK = 1000
PROSECUTION_STAGES = ("prosecution", "trial", "judgment")
_STAMPED = ((Case, "created_at"), (Case, "updated_at"), (CaseEvent, "created_at"), (CaseNote, "created_at"),
            (CaseTask, "created_at"), (CaseSharing, "created_at"), (CasePerson, "added_at"),
            (CaseParticipant, "added_at"), (Person, "created_at"), (Person, "updated_at"))


@contextmanager
def plan_timestamps() -> Iterator[None]:
    """Let bulk_create keep the plan's dates instead of stamping "now" (restored afterwards)."""
    saved = []
    for model, name in _STAMPED:
        f = model._meta.get_field(name)
        assert isinstance(f, models.DateField), f"{model.__name__}.{name} is a date field"
        saved.append((f, f.auto_now, f.auto_now_add))
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class BulkLoader:
    def __init__(self, ws: Workspace, today: dt.date, planner: Planner) -> None:
        self.ws, self.today, self.planner = ws, today, planner
        self.refs = References()
        self.counters: dict[str, int] = dict(PseudonymCounter.objects.values_list("prefix", "last"))
        self.munis = dict(Municipality.objects.values_list("code", "pk"))
        self.sharing_agreements = load_cooperation.agreement_ids_by_sharing()
        self.loaded = 0

    def _pseudonym(self, role: str, area: str) -> str:
        key = f"{PSEUDONYM_PREFIX[role]}-{area}"
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{key}-{self.counters[key]:04d}"

    def load(self, start: int, stop: int, progress: Callable[[int], None] | None = None) -> int:
        with plan_timestamps():
            for lo in range(start, stop, CHUNK):
                self._chunk(list(self.planner.plans(lo, min(lo + CHUNK, stop))))
                self.loaded += min(lo + CHUNK, stop) - lo
                if progress:
                    progress(self.loaded)
        audit_record(action="demo.bulk_load", details={"cases": self.loaded, "seed": self.planner.seed})
        return self.loaded

    @transaction.atomic
    def _chunk(self, plans: list[CasePlan]) -> None:
        ws, t = self.ws, self.today
        cases, numbers = [], []
        for p in plans:
            dep = tables.departments()[p.department]
            lead = ws.institutions[p.lead]
            year = day(t, p.reported).year
            refs = [(lead, self.refs.next(lead, dep["short"], year))]
            if "prosecution" in dict(p.statuses) and p.lead == "policia":
                fis = ws.institutions["fiscalia"]
                refs.append((fis, self.refs.next(fis, dep["short"], year)))
            numbers.append(refs)
            countries = {pl.country for pl in p.places}
            creator = ws.staff(p.department, p.slot, "investigator" if p.lead == "policia" else "prosecutor")
            last = max([p.reported] + [d for _s, d in p.statuses] + [d for _t, d in p.notes])
            unit = tables.police_unit_code(dep) if p.lead == "policia" else tables.prosecution_unit_code(dep)
            cases.append(Case(
                title=p.title, summary=p.summary, lead_institution=lead, lead_unit=ws.units[unit],
                team=ws.teams[tables.team_code(dep, p.slot)], status=p.status, forms_of_exploitation=p.forms,
                labour_sectors=p.sectors, tags=p.tags, is_transnational=len(countries) > 1 or bool(countries - {lead.country}),
                reported_on=day(t, p.reported), created_by=creator, created_at=moment(t, p.reported, 9),
                updated_at=moment(t, last, 17),
                # as enlace.cases.services._refresh_search_text: title, references, tags
                search_text=" ".join([p.title, " ".join(n for _i, n in refs), " ".join(p.tags)]).lower(),
            ))
        Case.objects.bulk_create(cases, batch_size=500)
        rows: dict[type[models.Model], list[Any]] = {m: [] for m in (CaseReference, CaseStatusChange, CasePlace, CaseEvent, CaseTask,
                                                  CaseNote, CaseSharing, CaseParticipant)}
        persons: list[tuple[Case, CasePlan, Person, PersonPlan]] = []
        for case, p, refs in zip(cases, plans, numbers, strict=True):
            self._case_rows(case, p, refs, rows)
            area = subdivision_short(p.department)
            added_by = case.created_by
            for pp in p.persons:
                d = pp.data
                person = Person(
                    pseudonym=self._pseudonym(pp.role, area), given_names=d.get("given_names", ""),
                    first_surname=d.get("first_surname", ""), second_surname=d.get("second_surname", ""),
                    married_surname=d.get("married_surname", ""), aliases=d.get("aliases", ""), sex=d.get("sex", "U"),
                    birth_year=d.get("birth_year"), birth_month=d.get("birth_month"), birth_day=d.get("birth_day"),
                    nationality=d.get("nationality", ""), created_by=added_by, created_at=case.created_at,
                    updated_at=case.created_at)
                persons.append((case, p, person, pp))
        Person.objects.bulk_create([x[2] for x in persons], batch_size=500)
        docs, phones, links = [], [], []
        for case, _plan, person, pp in persons:
            for doc_type, number, country in pp.data.get("documents", []):
                canonical, bidx = identifiers.document_index(number, doc_type=doc_type, country=country)
                docs.append(PersonDocument(person=person, doc_type=doc_type, number=canonical, number_raw=number,
                                           issuing_country=country, number_bidx=bidx))
            for raw in pp.data.get("phones", []):
                e164, bidx = identifiers.phone_index(raw, default_region=case.lead_institution.country)
                phones.append(PersonPhone(person=person, raw=raw, e164=e164, e164_bidx=bidx))
            links.append(CasePerson(case=case, person=person, role=pp.role, added_by=case.created_by,
                                    added_at=case.created_at, **pp.fields))
        PersonDocument.objects.bulk_create(docs, batch_size=500)
        PersonPhone.objects.bulk_create(phones, batch_size=500)
        CasePerson.objects.bulk_create(links, batch_size=500)
        for model, objs in rows.items():
            model._default_manager.bulk_create(objs, batch_size=500)
        for key, last in self.counters.items():
            PseudonymCounter.objects.update_or_create(prefix=key, defaults={"last": last})

    def _case_rows(self, case: Case, p: CasePlan, refs: list[tuple[Institution, str]], rows: dict[type[models.Model], list[Any]]) -> None:
        ws, t = self.ws, self.today
        creator = case.created_by
        prosecutor = ws.staff(p.department, p.slot, "prosecutor")
        for inst, number in refs:
            rows[CaseReference].append(CaseReference(case=case, institution=inst, number=number))
        previous = ""
        for status, offset in [("reported", p.reported)] + p.statuses:
            by = prosecutor if status in PROSECUTION_STAGES else creator
            rows[CaseStatusChange].append(CaseStatusChange(case=case, from_status=previous, to_status=status, by=by,
                                                           at=moment(t, offset, 11)))
            previous = status
        for order, pl in enumerate(p.places):
            rows[CasePlace].append(CasePlace(case=case, kind=pl.kind, order=order, country=pl.country,
                                             subdivision=pl.subdivision, municipality_id=self.munis.get(pl.municipality),
                                             description=pl.description))
        for kind, offset, text in p.events:
            rows[CaseEvent].append(CaseEvent(case=case, kind=kind, occurred_on=day(t, offset), description=text,
                                             created_by=creator, created_at=moment(t, offset, 15)))
        for title, due, role, done in p.tasks:
            created = moment(t, min(due - 14, -1) if due is not None else p.reported, 12)
            rows[CaseTask].append(CaseTask(
                case=case, title=title, due_on=day(t, due), created_by=creator,
                assignee=ws.staff(p.department, p.slot, role) if role else None,
                created_at=max(created, moment(t, p.reported, 12)),
                done_at=moment(t, min(due or -1, -1), 18) if done else None))
        for i, (text, offset) in enumerate(p.notes):
            rows[CaseNote].append(CaseNote(case=case, author=creator if i % 2 == 0 else prosecutor, text=text,
                                           created_at=moment(t, offset, 16)))
        for key in p.sharings:
            s = tables.workspace()["sharings"][key]
            rows[CaseSharing].append(CaseSharing(
                case=case, institution=ws.institutions[s["institution"]], scope=s["scope"], purpose=s["purpose"],
                agreement_id=self.sharing_agreements.get(key), created_by=creator, created_at=moment(t, p.reported + 1, 10)))
        if p.participant:
            rows[CaseParticipant].append(CaseParticipant(case=case, user=ws.users[p.participant], added_by=creator,
                                                         added_at=moment(t, p.reported + 1, 10)))
