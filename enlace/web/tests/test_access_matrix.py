"""The access matrix: every URL and API route, against every role and users of other units and
institutions (docs/access-control.md).

For each route the matrix names who SHOULD get through; everyone else is denied:
- object routes (an id in the path, the query or the body): exactly 404, with the same body as
  for an id that does not exist, so "not yours" and "missing" cannot be told apart. Users listed
  in ``knows`` legitimately see the object but lack the capability (403 or 404); users in ``gated``
  are stopped by their role before the object is looked at (403 or 404, and still the same
  answer as for a missing id);
- pages without an object: 403 or 404;
- anonymous: web pages redirect to the sign-in page, the API answers 401.
Allowed users get 2xx or a redirect that is not to the sign-in page. Lists and pages that
filter their rows name a ``secret`` (a title, a pseudonym, a summary): only ``sees`` may find it,
and at least one of them must (else the check could not fail). Web pages are probed with a
signed-in session, the API with each user's personal token. A route without an entry (or an
entry for a route that no longer exists) fails ``test_every_route_has_an_entry``.

The identity column: in every answer to every allowed user, the names of the world's protected
persons (the victim, the presumed victim of the open screening) are looked for. Only the users
an entry names in ``identity`` may find them there (the officer who recorded an unconverted
screening, a reveal's own answer, a recipient whose consent names the first name); nobody else,
whatever the route: sessions and tokens carry no reveal.

Why one test per route, users in a loop: the populated world is expensive; it is built once per
module and every route test runs in a savepoint that is rolled back. Denied users are probed
first, so the allowed users' POSTs (which may change state) cannot hide a denial.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape

from enlace.audit.models import AuditEntry, AuditHead
from enlace.audit.reads import DENIED, is_read_action
from enlace.web.tests.matrix_objects import (
    CASE_CREATORS,
    CASE_FULL,
    CASE_READ,
    CASE_WORKERS,
    CASE_WRITE,
    EVERYONE,
    OPEN_NAMES,
    SCREENERS,
    USERS,
    VICTIM_NAMES,
    build_world,
)

MISSING_ID = 987654321
MISSING_UUID = uuid.UUID("5b0a4c1e-3f7d-4e29-9c61-2d8e7f4a0b93")  # a public id no row has
READ, ANY, NO_DATA = "read", "any", "no-data"
W = SimpleNamespace
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Entry:
    method: str
    allowed: frozenset[str]
    kwargs: Callable[[W], dict] = lambda w: {}
    query: Callable[[W], dict] | None = None
    body: Callable[[W], dict] | None = None
    body_for: Callable[[W, str], dict] | None = None  # a body that depends on who sends it
    scoped: bool = False  # names an object: denial is a 404 indistinguishable from a missing id
    missing: Callable[[W], tuple[dict, dict | None, dict | None]] | None = None  # (kwargs, query, body)
    knows: frozenset[str] = NOBODY  # see the object, lack the capability: 403 or 404
    gated: frozenset[str] = NOBODY  # role refused before the object is read: 403 or 404 (same as missing)
    ok: tuple[int, ...] = ()  # other statuses allowed users may get (validation after the access check)
    public: bool = False  # sign-in pages: everyone, anonymous included, gets through (any status < 400)
    anonymous: int | None = None  # the status anonymous callers get, when not the default
    secret: Callable[[W], str] | None = None  # text only ``sees`` may find in a page they get through to
    sees: frozenset[str] = NOBODY
    never: Callable[[W], list[str]] | None = None  # texts no allowed user may find (another unit's case)
    identity: frozenset[str] = NOBODY  # who may find a protected person's names in the answer
    # The audit column: READ (a GET of protected data: one read entry per request), ANY (a POST: its
    # write or its read is recorded), NO_DATA (reads nothing protected: sign-in, accounts, capacity).
    audit: str = ""  # "" = READ for GET, ANY otherwise
    reads_nothing_for: frozenset[str] = NOBODY  # allowed users the route shows nothing protected
    xfail: str = ""

    @property
    def audit_rule(self) -> str:
        return self.audit or (READ if self.method == "GET" else ANY)


def _case(w):
    return {"case_id": w.case.public_id}


def _ver(model_obj) -> int:
    return type(model_obj).objects.get(pk=model_obj.pk).version


def _next_status(w) -> dict:
    from enlace.cases.models import Case
    from enlace.cases.vocabulary import STATUS_TRANSITIONS

    case = Case.objects.get(pk=w.case.pk)
    options = [s for s in STATUS_TRANSITIONS.get(case.status, ()) if s != "closed"] or ["closed"]
    return {"version": case.version, "to_status": options[0]}


def _vehicle_in_case(w):
    """A vehicle of the case (each allowed user removes one: add another when the last is gone)."""
    from enlace.cases.services_entities import case_vehicle_add
    from enlace.persons.models import Vehicle

    found = Vehicle.objects.filter(cases=w.case).order_by("pk").first()
    return found or case_vehicle_add(actor=w.investigator, case=w.case, plate="9999-ZZZ", country="BO")


def _pending_appeal(w):
    """An appeal of the world's judgment still awaiting its outcome (each allowed user decides one)."""
    from enlace.prosecution.models import Appeal
    from enlace.prosecution.services_proceedings import appeal_add

    found = Appeal.objects.filter(judgment=w.judgment, outcome="pending").order_by("pk").first()
    return found or appeal_add(actor=w.prosecutor, judgment_id=w.judgment.pk, kind="appeal",
                               filed_on=w.judgment.decided_on, filed_by="Fiscalía")


def _release(w):
    """A stored release to download (made once by the committee)."""
    from enlace.monitoring.models import Release
    from enlace.monitoring.services import release_create

    return Release.objects.first() or release_create(actor=w.monitoring, kind="k-anon", k=2)


NON_WORKERS = EVERYONE - CASE_WORKERS
NON_SCREENERS = EVERYONE - (SCREENERS | CASE_WORKERS)
NOT_SYSADMIN = EVERYONE - {"sysadmin"}
SEES_CASE = CASE_READ | {"partner_liaison"}
SUMMARY = frozenset({"partner_liaison"})
LIAISON = frozenset({"shared_liaison"})
READERS = frozenset({"partner_liaison", "shared_liaison"})  # see the case, may not edit it
SCR_OPEN = frozenset({"screener", "investigator", "prosecutor"})
SUBJECT = CASE_FULL | {"screener"}
AUTHOR = frozenset({"screener"})  # recorded the open screening: sees the names they wrote down
PROVIDER = frozenset({"service_provider"})  # the consent behind the referral discloses the first name
# Who sees the converted screening: its author, the team, the lead unit's supervisor, the full-scope liaison.
SCR_DONE = frozenset({"screener", "investigator", "prosecutor", "supervisor", "shared_liaison"})
TODAY = timezone.localdate().isoformat()
CAPACITY = frozenset({"capacity_manager"})
MONITOR = frozenset({"monitoring"})
# The dashboard: the committee (whole workspace) and supervisors (their units); never a case or a person.
DASHBOARD = MONITOR | {"supervisor", "other_supervisor"}
RESPONDENT = frozenset({"investigator"})  # asked to answer for the La Paz unit; linked to a staff record


# Cooperation: the La Paz investigator's request to the border service (its national liaison answers;
# the police liaison sees its institution's requests sent); the border agreement's parties' users.
COOP_REQUEST = frozenset({"investigator", "shared_liaison", "cbba_liaison"})
COOP_RECEIVER = frozenset({"shared_liaison"})
COOP_SENDERS = frozenset({"investigator", "cbba_liaison"})
BORDER_PARTIES = frozenset({"investigator", "supervisor", "other_supervisor", "cbba_investigator", "cbba_liaison",
                            "shared_liaison"})
AGREEMENT_MANAGERS = frozenset({"supervisor", "other_supervisor", "cbba_liaison", "shared_liaison"})


# International records linked to the La Paz case: seen by whoever fully sees it; moved by those who
# edit it (the full-scope liaison reads, it does not act).
INTL_WRITERS = CASE_FULL
INTL_READERS = frozenset({"shared_liaison"})
# Managers of agreements and plans: liaisons and supervisors.
AGREEMENT_WRITERS = frozenset({"supervisor", "other_supervisor", "liaison", "partner_liaison", "shared_liaison",
                               "cbba_liaison"})
# The operation's participants: the police and the partner organisation.
OP_PARTIES = frozenset({"investigator", "supervisor", "other_supervisor", "cbba_investigator", "cbba_liaison",
                        "partner_liaison"})
OP_MANAGERS = frozenset({"supervisor", "other_supervisor", "cbba_liaison", "partner_liaison"})


def _mla_next(w, user="") -> dict:
    """The MLA request's current version and a step it may take from where it stands (each allowed
    user moves it once within the route's savepoint)."""
    from enlace.cooperation.models import MlaRequest
    from enlace.cooperation.vocabulary_intl import MLA_MOVES, MLA_NEEDS_REASON

    mla = MlaRequest.objects.get(pk=w.mla.pk)
    step = sorted(MLA_MOVES[mla.status] - MLA_NEEDS_REASON - {"withdrawn"})[0]
    return {"version": mla.version, "status": step}


def _coop_req(w):
    return {"pk": w.coop_request.public_id}


def _coop_body(w, user):
    return {"institution": "border", "agreement_id": w.mou_border.pk, "category": "case_summary",
            "question": "Crossings at Desaguadero", "reason": "Route of the case"}


def _notice_body(case_id) -> dict:
    return {"case_id": str(case_id), "colour": "red", "ncb": "OCN La Paz", "purpose": "Wanted for recruitment",
            "requested_on": TODAY}


def _jit_body(case_id) -> dict:
    return {"title": "ECI Bolivia-Peru", "legal_basis": "untoc_19", "purpose": "Network", "applicable_law": "Where it acts",
            "evidence_terms": "By consent", "starts_on": TODAY, "expires_on": (timezone.localdate()
                                                                              + dt.timedelta(days=90)).isoformat(),
            "parties": [{"country": "BO", "authority": "FGE", "leader": "A"},
                        {"country": "PE", "authority": "MP", "leader": "B"}], "case_id": str(case_id)}


def _jit_extension(w) -> dict:
    """The team's current version and an expiry after its current one (each allowed user extends it
    once within the route's savepoint)."""
    from enlace.cooperation.models_intl import JointInvestigationTeam

    jit = JointInvestigationTeam.objects.get(pk=w.jit.pk)
    return {"version": jit.version, "agreed_on": TODAY,
            "new_expiry": (jit.expires_on + dt.timedelta(days=30)).isoformat()}


def case_route(method: str = "GET", allowed=CASE_WRITE, *, body=None, knows=READERS, **extra) -> Entry:
    return Entry(method, frozenset(allowed), kwargs=extra.pop("kwargs", _case), body=body, scoped=True,
                 knows=knows, **extra)


def evidence_route(method: str = "GET", allowed=CASE_WRITE, *, knows=READERS, **extra) -> Entry:
    return Entry(method, frozenset(allowed), kwargs=lambda w: {"item_id": w.evidence.public_id}, scoped=True, knows=knows,
                 **extra)


NAMED = frozenset({"investigator"})  # the only user named on the world's authorisation


def technique_route(method: str = "GET", **extra) -> Entry:
    """The compartment: the named member alone; the team, the supervisor, everyone: the 404 of a missing id."""
    return Entry(method, NAMED, kwargs=lambda w: {"authorisation_id": w.authorisation.public_id}, scoped=True, **extra)


def _technique_body(prefix: str = "") -> Callable[[W, str], dict]:
    def body(w, user: str) -> dict:
        fields = {"kind": "undercover", "legal_basis": "CPP art. 282", "authority": "Juzgado 4", "judge": "Juez",
                  "scope": "Agente encubierto", "starts_on": TODAY, "expires_on": TODAY, "reference": f"AUT-{user}"}
        out = {prefix + k: v for k, v in fields.items()}
        out[prefix + "target_pseudonyms"] = "ZORRO" if prefix else ["ZORRO"]
        return out
    return body


def hidden_case(w) -> list[str]:
    """What the La Paz users must never learn about the Cochabamba case holding a matching record."""
    c, theirs = w.cbba_case, w.theirs
    return [c.title, "Quillacollo", "SECRET", "FELCC-CB-2026-077", theirs.pseudonym, f"/persons/{theirs.public_id}/",
            f"/cases/{c.public_id}/"]


def network(w):
    return {"case": w.case.public_id}


MATRIX: dict[str, Entry] = {
    # --- web: sign-in, home, account ------------------------------------------------------------
    "set_language": Entry("POST", EVERYONE, body=lambda w: {"language": "en"}, public=True),
    "web:home": Entry("GET", EVERYONE, secret=lambda w: w.case.title, sees=SEES_CASE,
                      reads_nothing_for=CAPACITY | {"monitoring"}),  # their own home pages (no records)
    "web:login": Entry("GET", EVERYONE, public=True),
    "web:login_totp": Entry("GET", EVERYONE, public=True),
    "web:logout": Entry("POST", EVERYONE, public=True),
    "web:password_change": Entry("GET", EVERYONE),
    "web:totp_setup": Entry("GET", EVERYONE),
    # --- web: cases -------------------------------------------------------------------------------
    "cases:list": Entry("GET", CASE_WORKERS, secret=lambda w: w.case.title, sees=SEES_CASE),
    "cases:create": Entry("GET", CASE_CREATORS),
    "cases:detail": case_route(allowed=SEES_CASE, knows=NOBODY, query=lambda w: {"tab": "persons"},
                               secret=lambda w: w.victim.pseudonym, sees=CASE_READ),
    "cases:edit": case_route(),
    "cases:status": case_route(),
    "cases:person_add": case_route(),
    "cases:person_edit": case_route(kwargs=lambda w: {"case_id": w.case.public_id, "case_person_id": w.victim_cp.public_id}),
    # The confirmation page (the POST that removes is probed in the cases tests).
    "cases:person_remove": case_route(kwargs=lambda w: {"case_id": w.case.public_id, "case_person_id": w.victim_cp.public_id}),
    "cases:organisation_add": case_route("POST", body=lambda w: {"org-name": "Confecciones Illimani",
                                                                  "org-kind": "business", "org-country": "BO"}),
    "cases:vehicle_add": case_route("POST", body=lambda w: {"veh-plate": "1234-XYZ", "veh-country": "BO"}),
    "cases:account_add": case_route("POST", body=lambda w: {"acc-number": "4000-5000-6000", "acc-bank": "BNB",
                                                             "acc-country": "BO"}),
    "cases:entity_edit": case_route(kwargs=lambda w: {"case_id": w.case.public_id, "kind": "vehicle",
                                                      "entity_id": w.vehicle.pk}),
    "cases:entity_remove": case_route("POST", kwargs=lambda w: {"case_id": w.case.public_id, "kind": "vehicle",
                                                                "entity_id": _vehicle_in_case(w).pk}),
    "cases:reference_add": case_route("POST", body_for=lambda w, user: {
        "institution": getattr(w, user).primary_institution.pk if user else w.police.pk, "number": "REF-77"}),
    "cases:place_add": case_route("POST", body=lambda w: {"kind": "transit", "country": "PE"}),
    "cases:place_remove": case_route("POST", kwargs=lambda w: {"case_id": w.case.public_id, "place_id": w.place.pk}),
    "cases:event_add": case_route("POST", body=lambda w: {"kind": "report", "occurred_on": TODAY,
                                                           "description": "Report by a neighbour"}),
    # Notes and completing a task need full access only, not a role that edits case files
    # (``case_note_add``, ``case_task_complete``): the full-scope liaison may do both.
    "cases:note_add": case_route("POST", allowed=CASE_READ, body=lambda w: {"text": "Call the labour inspector"}),
    "cases:task_add": case_route("POST", body=lambda w: {"title": "Visit the workshop"}),
    "cases:task_complete": case_route("POST", allowed=CASE_READ, kwargs=lambda w: {"case_id": w.case.public_id, "task_id": w.task.pk},
                                      body=lambda w: {"version": _ver(w.task)}),
    "cases:participant_add": case_route("POST", body=lambda w: {"user": w.other_supervisor.pk}),
    "cases:sharing_add": case_route("POST", body=lambda w: {"institution": w.other.pk, "scope": "summary",
                                                             "purpose": "Joint operation with the border unit"}),
    "cases:sharing_end": case_route("POST", kwargs=lambda w: {"case_id": w.case.public_id, "sharing_id": w.sharing.pk}),
    # --- web: cooperation -----------------------------------------------------------------------------
    "cooperation:home": Entry("GET", CASE_WORKERS, secret=lambda w: w.coop_request.reference, sees=COOP_REQUEST),
    "cooperation:requests": Entry("GET", CASE_WORKERS, secret=lambda w: w.coop_request.reference, sees=COOP_REQUEST),
    "cooperation:request_create": Entry("GET", CASE_WORKERS),
    "cooperation:request_detail": Entry("GET", COOP_REQUEST, kwargs=_coop_req, scoped=True),
    "cooperation:request_answer": Entry("POST", COOP_RECEIVER, kwargs=_coop_req, scoped=True, knows=COOP_SENDERS,
                                        body=lambda w: {"version": _ver(w.coop_request), "answer": "Two crossings"}),
    "cooperation:request_move": Entry("POST", COOP_RECEIVER, kwargs=_coop_req, scoped=True, knows=COOP_SENDERS,
                                      body=lambda w: {"version": _ver(w.coop_request), "status": "acknowledged"}),
    "cooperation:request_withdraw": Entry("POST", frozenset({"investigator"}), kwargs=_coop_req, scoped=True,
                                          knows=frozenset({"shared_liaison", "cbba_liaison"}),
                                          body=lambda w: {"version": _ver(w.coop_request)}),
    "cooperation:agreements": Entry("GET", CASE_WORKERS, secret=lambda w: w.mou_border.title, sees=BORDER_PARTIES),
    "cooperation:agreement_detail": Entry("GET", BORDER_PARTIES, kwargs=lambda w: {"pk": w.mou_border.pk}, scoped=True),
    "cooperation:agreement_document": Entry("GET", BORDER_PARTIES, kwargs=lambda w: {"pk": w.mou_border.pk},
                                            scoped=True),
    "cooperation:liaisons": Entry("GET", CASE_WORKERS),
    "cooperation:notices_read": Entry("POST", EVERYONE),
    "cooperation:agreement_create": Entry("GET", AGREEMENT_WRITERS, gated=CASE_WORKERS - AGREEMENT_WRITERS),
    "cooperation:agreement_upload": Entry("POST", AGREEMENT_MANAGERS, kwargs=lambda w: {"pk": w.mou_border.pk},
                                          scoped=True, knows=BORDER_PARTIES - AGREEMENT_MANAGERS),
    "cooperation:request_attachment": Entry(
        "GET", COOP_REQUEST, kwargs=lambda w: {"pk": w.coop_answered.public_id, "attachment_id": w.coop_file.pk}, scoped=True),
    "cooperation:international": Entry("GET", CASE_WORKERS, secret=lambda w: w.mla.reference, sees=CASE_READ),
    "cooperation:mla_create": Entry("GET", CASE_WORKERS),
    "cooperation:mla_detail": Entry("GET", CASE_READ, kwargs=lambda w: {"pk": w.mla.public_id}, scoped=True),
    "cooperation:mla_move": Entry("POST", INTL_WRITERS, kwargs=lambda w: {"pk": w.mla.public_id}, scoped=True,
                                  knows=INTL_READERS, body_for=_mla_next),
    "cooperation:intl_case_add": Entry("POST", INTL_WRITERS, kwargs=lambda w: {"kind": "mla", "pk": w.mla.public_id},
                                       scoped=True, knows=INTL_READERS, body=lambda w: {"case": w.case.public_id}),
    "cooperation:notice_create": case_route(allowed=SEES_CASE, knows=NOBODY),
    "cooperation:notice_detail": Entry("GET", CASE_READ, kwargs=lambda w: {"pk": w.notice.public_id}, scoped=True),
    "cooperation:notice_status": Entry("POST", INTL_WRITERS, kwargs=lambda w: {"pk": w.notice.public_id}, scoped=True,
                                       knows=INTL_READERS,
                                       body=lambda w: {"version": _ver(w.notice), "status": "issued"}),
    "cooperation:jit_create": Entry("GET", CASE_WORKERS),
    "cooperation:jit_detail": Entry("GET", CASE_READ, kwargs=lambda w: {"pk": w.jit.public_id}, scoped=True),
    "cooperation:jit_extend": Entry("POST", INTL_WRITERS, kwargs=lambda w: {"pk": w.jit.public_id}, scoped=True,
                                    knows=INTL_READERS, body=lambda w: {
                                        "version": _ver(w.jit), "agreed_on": TODAY,
                                        "new_expiry": (w.jit.expires_on + dt.timedelta(days=30)).isoformat()}),
    "cooperation:plans": Entry("GET", CASE_WORKERS, secret=lambda w: w.plan.title, sees=BORDER_PARTIES),
    "cooperation:plan_create": Entry("GET", CASE_WORKERS),
    "cooperation:plans_review": Entry("GET", MONITOR, secret=lambda w: w.plan.title, sees=MONITOR,
                                      never=lambda w: [w.case.title]),
    "cooperation:plan_detail": Entry("GET", BORDER_PARTIES, kwargs=lambda w: {"pk": w.plan.public_id}, scoped=True),
    "cooperation:plan_add": Entry("POST", AGREEMENT_MANAGERS, kwargs=lambda w: {"pk": w.plan.public_id, "part": "milestone"},
                                  scoped=True, knows=BORDER_PARTIES - AGREEMENT_MANAGERS,
                                  body=lambda w: {"title": "Joint inspection", "due_on": TODAY}),
    "cooperation:milestone_status": Entry(
        "POST", AGREEMENT_MANAGERS, kwargs=lambda w: {"pk": w.plan.public_id, "milestone_id": w.milestone.pk}, scoped=True,
        knows=BORDER_PARTIES - AGREEMENT_MANAGERS, body=lambda w: {"status": "met"}),
    "cooperation:operation_create": Entry("GET", CASE_WORKERS),
    "cooperation:operation_detail": Entry("GET", OP_PARTIES, kwargs=lambda w: {"pk": w.operation.public_id}, scoped=True),
    "cooperation:operation_update": Entry(
        "POST", OP_MANAGERS, kwargs=lambda w: {"pk": w.operation.public_id}, scoped=True, knows=OP_PARTIES - OP_MANAGERS,
        body=lambda w: {"version": _ver(w.operation), "phase": "operation", "persons_rescued": 4,
                        "persons_arrested": 1, "places_inspected": 3}),
    "cooperation:operation_case_add": Entry(
        "POST", frozenset({"investigator", "supervisor"}), kwargs=lambda w: {"pk": w.operation.public_id}, scoped=True,
        knows=OP_PARTIES - {"investigator", "supervisor"}, body=lambda w: {"case": w.case.public_id}),
    # --- web: persons (the victim of the case: a protected person) ---------------------------------
    "persons:detail": Entry("GET", CASE_READ, kwargs=lambda w: {"person_id": w.victim.public_id}, scoped=True),
    "persons:reveal": Entry("POST", CASE_FULL, kwargs=lambda w: {"person_id": w.victim.public_id}, scoped=True, knows=LIAISON,
                            body=lambda w: {"reason": "Needed to prepare the hearing tomorrow"}),
    "persons:edit": Entry("GET", CASE_FULL, kwargs=lambda w: {"person_id": w.victim.public_id}, scoped=True, knows=LIAISON),
    "persons:identifiers_add": Entry("GET", CASE_FULL, kwargs=lambda w: {"person_id": w.victim.public_id}, scoped=True,
                                     knows=LIAISON),
    # --- web: screening ---------------------------------------------------------------------------
    "screening:list": Entry("GET", SCREENERS | CASE_WORKERS, secret=lambda w: w.scr_open.pseudonym, sees=SCR_OPEN),
    "screening:new": Entry("GET", SCREENERS),
    "screening:one_page": Entry("GET", SCREENERS, audit=NO_DATA),  # a blank form, like the stepper's first step
    # Screening without a connection: the page reads nothing protected (the questions and the places);
    # the key is issued and audited; a form-encoded body is no draft (the device sends JSON: the
    # sync itself is tested in the screening app), refused after the role check.
    "screening:offline": Entry("GET", SCREENERS, audit=NO_DATA),
    "screening:offline_key": Entry("GET", SCREENERS, audit=ANY),
    "screening:offline_sync": Entry("POST", SCREENERS, body=lambda w: {"token": "x"}, ok=(400,), audit=NO_DATA),
    # The service worker and the manifest name nobody and hold no data: like a static file.
    "screening:service_worker": Entry("GET", EVERYONE, public=True, audit=NO_DATA),
    "screening:manifest": Entry("GET", EVERYONE, public=True, audit=NO_DATA),
    "screening:detail": Entry("GET", SCR_OPEN, kwargs=lambda w: {"pk": w.scr_open.public_id}, scoped=True, identity=AUTHOR),
    "screening:result": Entry("GET", SCR_OPEN, kwargs=lambda w: {"pk": w.scr_open.public_id}, scoped=True, identity=AUTHOR),
    "screening:reveal": Entry("POST", frozenset({"investigator", "prosecutor"}), kwargs=lambda w: {"pk": w.scr_open.public_id},
                              scoped=True, knows=AUTHOR, body=lambda w: {"reason": "Deciding whether to open a case"}),
    "screening:step": Entry("GET", frozenset({"screener"}), kwargs=lambda w: {"pk": w.scr_draft.public_id, "step": "person"},
                            scoped=True),
    "screening:discard": Entry("POST", frozenset({"screener"}), kwargs=lambda w: {"pk": w.scr_draft.public_id}, scoped=True),
    "screening:hand_over": Entry("POST", SCR_OPEN, kwargs=lambda w: {"pk": w.scr_open.public_id}, scoped=True,
                                 body=lambda w: {"team": w.team.pk}),
    "screening:convert": Entry("GET", frozenset({"investigator", "prosecutor"}), kwargs=lambda w: {"pk": w.scr_open.public_id},
                               scoped=True, knows=frozenset({"screener"})),
    "screening:instruments": Entry("GET", frozenset({"sysadmin"})),
    "screening:instrument_add": Entry("GET", frozenset({"sysadmin"})),
    "screening:instrument_active": Entry("POST", frozenset({"sysadmin"}), kwargs=lambda w: {"pk": w.instrument.pk},
                                         body=lambda w: {"active": "1"}, scoped=True, gated=NOT_SYSADMIN),
    # --- web: referrals and protection ------------------------------------------------------------
    "referrals:home": Entry("GET", SCREENERS | CASE_WORKERS, secret=lambda w: w.referral.reference,
                            sees=CASE_FULL | {"service_provider"}),
    "referrals:detail": Entry("GET", CASE_FULL, kwargs=lambda w: {"pk": w.referral.public_id}, scoped=True),
    "referrals:revoke": Entry("POST", CASE_FULL, kwargs=lambda w: {"pk": w.referral.public_id}, scoped=True,
                              body=lambda w: {"note": "Placed elsewhere"}),
    "referrals:incoming": Entry("GET", frozenset({"service_provider"}), kwargs=lambda w: {"pk": w.referral.public_id},
                                scoped=True, identity=PROVIDER),
    "referrals:respond": Entry("POST", frozenset({"service_provider"}), kwargs=lambda w: {"pk": w.referral.public_id},
                               scoped=True, body=lambda w: {"to_status": "accepted", "version": _ver(w.referral),
                                                            "reason": ""}),
    # The thread: both sides; the service plan: the receiving organisation writes, the referring side reads.
    "referrals:message_post": Entry("POST", CASE_FULL | PROVIDER, kwargs=lambda w: {"pk": w.referral.public_id},
                                    scoped=True, body=lambda w: {"body": "Is there a bed tonight?"}),
    "referrals:plan_add": Entry("POST", PROVIDER, kwargs=lambda w: {"pk": w.referral.public_id}, scoped=True,
                                knows=CASE_FULL, body=lambda w: {"kind": "goal", "text": "Safe housing"}),
    "referrals:plan_status": Entry("POST", PROVIDER, kwargs=lambda w: {"pk": w.referral.public_id,
                                                                       "item": w.plan_activity.public_id},
                                   scoped=True, knows=CASE_FULL, body=lambda w: {"status": "done"}),
    "referrals:subject": Entry("GET", SUBJECT, kwargs=lambda w: {"kind": "person", "pk": w.victim.public_id}, scoped=True),
    "referrals:refer": Entry("GET", SUBJECT, kwargs=lambda w: {"kind": "person", "pk": w.victim.public_id}, scoped=True),
    "referrals:consent_new": Entry("GET", SUBJECT, kwargs=lambda w: {"kind": "person", "pk": w.victim.public_id},
                                   scoped=True),
    "referrals:consent_revoke": Entry("POST", SUBJECT, kwargs=lambda w: {"pk": w.consent_medical.public_id}, scoped=True,
                                      body=lambda w: {"note": ""}),
    "referrals:recovery_new": Entry("GET", CASE_FULL, kwargs=lambda w: {"pk": w.victim.public_id}, scoped=True),
    "referrals:recovery_extend": Entry("GET", CASE_FULL, kwargs=lambda w: {"pk": w.recovery.public_id}, scoped=True),
    "referrals:non_punishment_new": Entry("GET", CASE_FULL, kwargs=lambda w: {"pk": w.victim.public_id}, scoped=True),
    "referrals:directory": Entry("GET", SCREENERS | CASE_WORKERS | {"sysadmin"}),
    "referrals:notifications": Entry("GET", EVERYONE),
    "referrals:notifications_read": Entry("POST", EVERYONE),
    # --- web: links (matching, requests for information, network) ---------------------------------
    "links:review": Entry("GET", CASE_WORKERS, secret=lambda w: "Juan C", sees=CASE_FULL),
    "links:person_search": Entry("GET", CASE_WORKERS),
    "links:candidate": Entry("GET", CASE_READ, kwargs=lambda w: {"candidate_id": w.candidate.pk}, scoped=True),
    "links:person_matches": Entry("GET", CASE_READ, kwargs=lambda w: {"person_id": w.mine.public_id}, scoped=True,
                                  never=hidden_case),
    "links:person_combined": Entry("GET", CASE_READ, kwargs=lambda w: {"person_id": w.mine.public_id}, scoped=True,
                                   never=hidden_case),
    "links:request_create": Entry("GET", CASE_READ, kwargs=lambda w: {"person_id": w.mine.public_id}, scoped=True,
                                  query=lambda w: {"holder": w.holder_token}, never=hidden_case),
    "links:case_matches": case_route(allowed=SEES_CASE, knows=NOBODY, secret=lambda w: "Quispe", sees=CASE_READ,
                                     never=hidden_case),
    "links:person_added": Entry("GET", CASE_READ, kwargs=lambda w: {"case_id": w.case.public_id, "person_id": w.mine.public_id},
                                scoped=True),
    "links:case_export": case_route(allowed=CASE_READ, query=lambda w: {"format": "ftm"}),
    "links:case_merge": case_route(),  # the form; the POST that merges is probed in the links tests
    "links:requests": Entry("GET", CASE_WORKERS, secret=lambda w: reverse("links:request_detail",
                                                                          args=[w.info_request.public_id]),
                            sees=frozenset({"investigator", "other_supervisor", "cbba_liaison"})),
    "links:request_detail": Entry("GET", frozenset({"investigator", "other_supervisor", "cbba_liaison"}),
                                  kwargs=lambda w: {"request_id": w.info_request.public_id}, scoped=True),
    "links:network": Entry("GET", CASE_READ, query=network, scoped=True, gated=NON_WORKERS, never=hidden_case,
                           missing=lambda w: ({}, {"case": MISSING_UUID}, None)),
    "links:network_data": Entry("GET", CASE_READ, query=network, scoped=True, gated=NON_WORKERS, never=hidden_case,
                                missing=lambda w: ({}, {"case": MISSING_UUID}, None)),
    "links:network_export": Entry("GET", CASE_READ, query=lambda w: {"case": w.case.public_id, "format": "ftm"},
                                  scoped=True, gated=NON_WORKERS,
                                  missing=lambda w: ({}, {"case": MISSING_UUID, "format": "ftm"}, None)),
    "links:routes": Entry("GET", CASE_WORKERS),
    "links:transnational": Entry("GET", CASE_WORKERS),
    # --- web: audit and administration ------------------------------------------------------------
    "audit:list": Entry("GET", frozenset({"auditor"})),
    "audit:detail": Entry("GET", frozenset({"auditor"}), kwargs=lambda w: {"pk": w.audit_entry.pk}, scoped=True),
    "audit:verify": Entry("POST", frozenset({"auditor"})),  # walks the whole chain, records a checkpoint
    "audit:export": Entry("GET", frozenset({"auditor"})),
    "audit:reveals": Entry("GET", frozenset({"auditor"})),
    "audit:reveals_export": Entry("GET", frozenset({"auditor"})),
    "audit:suggest": Entry("GET", frozenset({"auditor"}), query=lambda w: {"case": "FELCC"}),
    "accounts:admin_home": Entry("GET", frozenset({"sysadmin"})),
    "accounts:institution_list": Entry("GET", frozenset({"sysadmin"})),
    "accounts:institution_create": Entry("GET", frozenset({"sysadmin"})),
    "accounts:unit_list": Entry("GET", frozenset({"sysadmin"}), kwargs=lambda w: {"institution_id": w.police.pk},
                                scoped=True),
    "accounts:unit_create": Entry("GET", frozenset({"sysadmin"}), kwargs=lambda w: {"institution_id": w.police.pk},
                                  scoped=True),
    "accounts:institution_active": Entry("POST", frozenset({"sysadmin"}), scoped=True, body=lambda w: {"active": "1"},
                                         kwargs=lambda w: {"institution_id": w.police.pk}),
    "accounts:unit_active": Entry("POST", frozenset({"sysadmin"}), scoped=True, body=lambda w: {"active": "1"},
                                  kwargs=lambda w: {"unit_id": w.lpz.pk}),
    "accounts:unit_options": Entry("GET", frozenset({"sysadmin"}), query=lambda w: {"institution": w.police.pk}),
    "accounts:team_active": Entry("POST", frozenset({"sysadmin"}), scoped=True, body=lambda w: {"active": "1"},
                                  kwargs=lambda w: {"pk": w.team.pk}),
    "accounts:team_candidates": Entry("GET", frozenset({"sysadmin"}), kwargs=lambda w: {"pk": w.team.pk}, scoped=True,
                                      query=lambda w: {"q": "a"}),
    "accounts:team_list": Entry("GET", frozenset({"sysadmin"})),
    "accounts:team_create": Entry("GET", frozenset({"sysadmin"})),
    "accounts:team_detail": Entry("GET", frozenset({"sysadmin"}), kwargs=lambda w: {"pk": w.team.pk}, scoped=True),
    "accounts:team_member_remove": Entry("POST", frozenset({"sysadmin"}), scoped=True,
                                         kwargs=lambda w: {"pk": w.team.pk, "user_id": w.investigator.pk}),
    "accounts:user_list": Entry("GET", frozenset({"sysadmin"})),
    "accounts:user_create": Entry("GET", frozenset({"sysadmin"})),
    "accounts:user_detail": Entry("GET", frozenset({"sysadmin"}), kwargs=lambda w: {"pk": w.monitoring.pk},
                                  scoped=True),
    "accounts:user_set_active": Entry("POST", frozenset({"sysadmin"}), kwargs=lambda w: {"pk": w.monitoring.pk},
                                      scoped=True, body=lambda w: {"active": "0"}),
    "accounts:user_totp_reset": Entry("POST", frozenset({"sysadmin"}), kwargs=lambda w: {"pk": w.monitoring.pk},
                                      scoped=True),
    "accounts:membership_revoke": Entry("POST", frozenset({"sysadmin"}), kwargs=lambda w: {"pk": w.membership.pk},
                                        scoped=True),
    "accounts:municipality_list": Entry("GET", frozenset({"sysadmin"})),
    "ops:jobs": Entry("GET", frozenset({"sysadmin"})),
    "ops:job_start": Entry("POST", frozenset({"sysadmin"}), body=lambda w: {"kind": "resolve_database"}),
    "ops:job_detail": Entry("GET", frozenset({"sysadmin"}), kwargs=lambda w: {"run_id": w.job_run.pk}, scoped=True),
    # Monitoring: anyone, signed in or not, gets "ok"/"not ok"; no worker runs here, so 503.
    "healthz": Entry("GET", EVERYONE, anonymous=503, ok=(503,)),
    "accounts:tokens": Entry("GET", EVERYONE),
    # Four eyes: everyone sees their own requests; only an authorised second person decides one. The
    # requester (investigator) and the person who would gain access (liaison) are told why (403).
    "accounts:grant_list": Entry("GET", EVERYONE),
    "accounts:grant_approve": Entry("POST", frozenset({"supervisor"}), kwargs=lambda w: {"pk": w.grant_request.pk},
                                    scoped=True, knows=frozenset({"investigator", "liaison"})),
    "accounts:grant_reject": Entry("POST", frozenset({"supervisor"}), kwargs=lambda w: {"pk": w.grant_request.pk},
                                   scoped=True, knows=frozenset({"investigator", "liaison"}),
                                   body=lambda w: {"note": "Not needed"}),
    "accounts:token_revoke": Entry("POST", frozenset({"investigator"}), kwargs=lambda w: {"pk": w.token.pk},
                                   scoped=True),
    # --- web: evidence (full access to the case; custody rules answer on the item page)
    "prosecution:evidence_list": case_route(allowed=CASE_READ, knows=NOBODY, secret=lambda w: w.evidence.exhibit_number,
                                            sees=CASE_READ),
    "prosecution:evidence_create": case_route("POST", body_for=lambda w, user: {
        "item-exhibit_number": f"EV-{user}", "item-kind": "physical"}),
    "prosecution:evidence_detail": evidence_route(allowed=CASE_READ, knows=NOBODY),
    "prosecution:evidence_upload": evidence_route("POST"),
    "prosecution:evidence_transfer": evidence_route("POST", body=lambda w: {
        "tr-to_external": w.laboratory.pk, "tr-receipt_reference": "IDIF-1"}),
    "prosecution:evidence_confirm": evidence_route("POST"),
    "prosecution:evidence_dispose": evidence_route("POST", body=lambda w: {
        "dp-kind": "retention", "dp-ordered_by": "Juez", "dp-retain_until": TODAY}),
    "prosecution:evidence_download": Entry("GET", CASE_READ, kwargs=lambda w: {"file_id": w.evidence_file.pk},
                                           scoped=True),
    # Attachments of notes, events and persons: full access; a protected person's file only after a reveal
    # (a session of the matrix carries none, so its download is "not found" for everyone: see VARIANTS).
    "prosecution:attachments": case_route(allowed=CASE_READ, knows=NOBODY, secret=lambda w: "acta-matrix.pdf",
                                          sees=CASE_READ, never=lambda w: ["photo-matrix.txt"]),
    "prosecution:attachment_upload": case_route("POST", body=lambda w: {"target": f"person:{w.victim.pk}"}),
    "prosecution:attachment_file": Entry("GET", CASE_READ, kwargs=lambda w: {"attachment_id": w.attachment.public_id},
                                         scoped=True),
    # --- web: special techniques (a compartment inside the case: only the users named on an
    # authorisation; the list shows each reader only what names them) and the case file report
    "techniques:list": case_route(allowed=CASE_READ, knows=NOBODY, secret=lambda w: w.authorisation.reference,
                                  sees=NAMED),
    "techniques:create": case_route("POST", body_for=_technique_body("auth-")),
    "techniques:detail": technique_route(secret=lambda w: w.authorisation.reference, sees=NAMED),
    "techniques:renew": technique_route("POST", body=lambda w: {
        "rn-expires_on": (w.authorisation.expires_on + dt.timedelta(days=30)).isoformat(), "rn-judge": "Juez"}),
    "techniques:confirm": technique_route("POST", ok=(400,), body=lambda w: {
        "cf-version": _ver(w.authorisation), "cf-confirmed_by": "Juez"}),
    "reports:case_report": case_route(allowed=CASE_READ, knows=NOBODY),
    # --- web: proceedings and the elements matrix (full access to read; case editors write)
    "prosecution:proceedings": case_route(allowed=CASE_READ, knows=NOBODY, secret=lambda w: "Juzgado matrix 7",
                                          sees=CASE_READ),
    "prosecution:proceedings_add": case_route("POST", kwargs=lambda w: {"case_id": w.case.public_id, "what": "measure"},
                                              body=lambda w: {"measure-person": w.victim_cp.pk, "measure-kind": "other",
                                                              "measure-ordered_by": "Juez", "measure-starts_on": TODAY,
                                                              "measure-status": "active"}),
    "prosecution:hearing_result": Entry("POST", CASE_WRITE, kwargs=lambda w: {"hearing_id": w.hearing.public_id},
                                        scoped=True, knows=READERS, body=lambda w: {
                                            f"h{w.hearing.pk}-version": _ver(w.hearing),
                                            f"h{w.hearing.pk}-result": "Detención preventiva"}),
    "prosecution:charge_status": Entry("POST", CASE_WRITE, kwargs=lambda w: {"charge_id": w.charge.pk},
                                       scoped=True, knows=READERS, body=lambda w: {
                                           f"c{w.charge.pk}-version": _ver(w.charge), f"c{w.charge.pk}-status": "filed"}),
    "prosecution:appeal_outcome": Entry("POST", CASE_WRITE, kwargs=lambda w: {"appeal_id": _pending_appeal(w).pk},
                                        scoped=True, knows=READERS, body=lambda w: {
                                            f"a{_pending_appeal(w).pk}-outcome": "upheld",
                                            f"a{_pending_appeal(w).pk}-decided_on": TODAY}),
    "prosecution:elements": case_route(allowed=CASE_READ, knows=NOBODY, secret=lambda w: w.offence.source,
                                       sees=CASE_READ),
    "prosecution:elements_open": case_route("POST", body=lambda w: {"open-defendant": w.defendant_cp.pk,
                                                                    "open-offence": w.offence.pk}),
    "prosecution:element_edit": Entry("GET", CASE_READ, kwargs=lambda w: {"link_id": w.element_link.public_id}, scoped=True,
                                      secret=lambda w: w.offence.title, sees=CASE_READ),
    "prosecution:element_update": Entry("POST", CASE_WRITE, kwargs=lambda w: {"link_id": w.element_link.public_id},
                                        scoped=True, knows=READERS, body=lambda w: {
                                            f"e{w.element_link.pk}-version": _ver(w.element_link),
                                            f"e{w.element_link.pk}-status": "weak"}),
    # --- web: capacity (assessments, workshop, training): the capacity manager's; a respondent's own
    # questionnaire; one's own training record and certificate ---------------------------------------
    "capacity:home": Entry("GET", CAPACITY),
    "capacity:questionnaires": Entry("GET", EVERYONE, secret=lambda w: "Diagnóstico matrix 2010", sees=RESPONDENT),
    "capacity:answer": Entry("GET", RESPONDENT, kwargs=lambda w: {"pk": w.cap_respondent.pk}, scoped=True),
    "capacity:my_training": Entry("GET", EVERYONE, secret=lambda w: "Investigación de la trata", sees=RESPONDENT),
    "capacity:badge": Entry("GET", CAPACITY | RESPONDENT, kwargs=lambda w: {"pk": w.cap_certificate.pk}, scoped=True),
    "capacity:rounds": Entry("GET", CAPACITY),
    "capacity:round_create": Entry("GET", CAPACITY),
    "capacity:round_detail": Entry("GET", CAPACITY, kwargs=lambda w: {"pk": w.cap_round.pk}, scoped=True),
    "capacity:respondent_add": Entry("POST", CAPACITY, kwargs=lambda w: {"pk": w.cap_round.pk}, scoped=True,
                                     body=lambda w: {"round_unit": w.cap_ru.pk, "user": w.supervisor.pk}),
    "capacity:round_close": Entry("POST", CAPACITY, kwargs=lambda w: {"pk": w.cap_round.pk}, scoped=True),
    "capacity:compare": Entry("GET", CAPACITY, query=lambda w: {"before": w.cap_round.pk, "after": w.cap_round.pk}),
    "capacity:swot": Entry("GET", CAPACITY, kwargs=lambda w: {"pk": w.cap_ru.pk}, scoped=True),
    "capacity:swot_build": Entry("POST", CAPACITY, kwargs=lambda w: {"pk": w.cap_ru.pk}, scoped=True),
    "capacity:action_add": Entry("POST", CAPACITY, kwargs=lambda w: {"pk": w.cap_ru.pk}, scoped=True,
                                 body=lambda w: {"title": "Otra acción", "owner": "DTTP", "due_on": TODAY}),
    "capacity:swot_item_add": Entry("POST", CAPACITY, kwargs=lambda w: {"pk": w.cap_matrix.pk}, scoped=True,
                                    body=lambda w: {"quadrant": "O", "text": "Ley 263"}),
    "capacity:swot_validate": Entry("POST", CAPACITY, kwargs=lambda w: {"pk": w.cap_matrix.pk}, scoped=True),
    "capacity:swot_item_edit": Entry("POST", CAPACITY, kwargs=lambda w: {"pk": w.cap_item.pk}, scoped=True,
                                     body=lambda w: {"quadrant": "W", "text": "Pocos investigadores"}),
    "capacity:swot_item_remove": Entry("POST", CAPACITY, kwargs=lambda w: {"pk": w.cap_item.pk}, scoped=True),
    "capacity:actions": Entry("GET", CAPACITY),
    "capacity:action_status": Entry("POST", CAPACITY, kwargs=lambda w: {"pk": w.cap_action.pk}, scoped=True,
                                    body=lambda w: {"status": "in_progress", "version": _ver(w.cap_action)}),
    "capacity:courses": Entry("GET", CAPACITY),
    "capacity:course_create": Entry("GET", CAPACITY),
    "capacity:course_detail": Entry("GET", CAPACITY, kwargs=lambda w: {"pk": w.cap_course.pk}, scoped=True),
    "capacity:session_add": Entry("POST", CAPACITY, kwargs=lambda w: {"pk": w.cap_course.pk}, scoped=True,
                                  body=lambda w: {"starts_on": TODAY, "ends_on": TODAY, "place": "Cochabamba"}),
    "capacity:session_detail": Entry("GET", CAPACITY, kwargs=lambda w: {"pk": w.cap_session.pk}, scoped=True),
    "capacity:attendance_import": Entry("POST", CAPACITY, kwargs=lambda w: {"pk": w.cap_session.pk}, scoped=True,
                                        body=lambda w: {"payload": "bmFtZQpSYW1pcm8gUXVpc3BlIEFwYXphCg==",
                                                        "filename": "lista.csv"}),
    "capacity:staff": Entry("GET", CAPACITY),
    "capacity:staff_create": Entry("GET", CAPACITY),
    "capacity:coverage": Entry("GET", CAPACITY),
    # --- web: statistics (aggregates only: the case title never appears; persons are checked for every route)
    "monitoring:dashboard": Entry("GET", DASHBOARD, never=lambda w: [w.case.title]),
    "monitoring:table_csv": Entry("GET", DASHBOARD, kwargs=lambda w: {"indicator": "victims", "dimension": "sex"},
                                  never=lambda w: [w.case.title]),
    "monitoring:national": Entry("GET", MONITOR, never=lambda w: [w.case.title]),
    "monitoring:national_download": Entry("GET", MONITOR, kwargs=lambda w: {"version": "official", "fmt": "csv"}),
    "monitoring:releases": Entry("GET", MONITOR),
    "monitoring:release_create": Entry("POST", MONITOR, body=lambda w: {"kind": "k-anon", "k": "2"}),
    "monitoring:release_download": Entry("GET", MONITOR, kwargs=lambda w: {"pk": _release(w).pk}, scoped=True),
    # --- API --------------------------------------------------------------------------------------
    # ninja's root page answers 404 outside DEBUG: nobody gets anything there.
    "api:api-root": Entry("GET", NOBODY, anonymous=404),
    "api:openapi-json": Entry("GET", EVERYONE),
    "api:openapi-view": Entry("GET", EVERYONE),
    "api:me": Entry("GET", EVERYONE),
    "api:cases_list": Entry("GET", EVERYONE, secret=lambda w: w.case.title, sees=SEES_CASE),
    "api:cooperation_agreements": Entry("GET", EVERYONE, secret=lambda w: w.mou_border.title, sees=BORDER_PARTIES),
    "api:cooperation_agreement_get": Entry("GET", BORDER_PARTIES, kwargs=lambda w: {"agreement_id": w.mou_border.pk},
                                           scoped=True),
    "api:cooperation_agreement_status": Entry(
        "POST", AGREEMENT_MANAGERS, kwargs=lambda w: {"agreement_id": w.mou_border.pk}, scoped=True,
        knows=BORDER_PARTIES - AGREEMENT_MANAGERS, body=lambda w: {"version": _ver(w.mou_border), "status": "in_force"}),
    "api:cooperation_case_share": case_route("POST", body=lambda w: {"institution": "other-police", "scope": "summary",
                                                                      "purpose": "Joint operation"}),
    "api:cooperation_requests": Entry("GET", EVERYONE, query=lambda w: {"direction": "outgoing"},
                                      secret=lambda w: w.coop_request.reference, sees=COOP_SENDERS),
    # Sent under the border agreement: its parties' users (the border liaison cannot ask its own institution: 400).
    "api:cooperation_request_create": Entry(
        "POST", BORDER_PARTIES, body_for=_coop_body, scoped=True, ok=(400,), audit=NO_DATA,  # refused as invalid
        missing=lambda w: ({}, None, {**_coop_body(w, ""), "agreement_id": MISSING_ID})),
    "api:cooperation_request_get": Entry("GET", COOP_REQUEST, kwargs=lambda w: {"request_id": w.coop_request.public_id},
                                         scoped=True),
    "api:cooperation_request_answer": Entry(
        "POST", COOP_RECEIVER, kwargs=lambda w: {"request_id": w.coop_request.public_id}, scoped=True, knows=COOP_SENDERS,
        body=lambda w: {"version": _ver(w.coop_request), "answer": "Two crossings"}),
    "api:cooperation_request_move": Entry(
        "POST", COOP_RECEIVER, kwargs=lambda w: {"request_id": w.coop_request.public_id}, scoped=True, knows=COOP_SENDERS,
        body=lambda w: {"version": _ver(w.coop_request), "status": "acknowledged"}),
    "api:cooperation_mla_list": Entry("GET", EVERYONE, secret=lambda w: w.mla.reference, sees=CASE_READ),
    "api:cooperation_mla_create": Entry(
        "POST", INTL_WRITERS, scoped=True, knows=INTL_READERS | SUMMARY, body=lambda w: {
            "direction": "incoming", "counterpart_country": "PE", "requesting_authority": "Fiscalía, Perú",
            "requested_authority": "Fiscalía, Bolivia", "central_authority": "Cancillería",
            "legal_basis": "reciprocity", "assistance_type": "documents", "facts": "F", "law": "L",
            "assistance_sought": "Records", "case_id": str(w.case.public_id)},
        missing=lambda w: ({}, None, {"direction": "incoming", "counterpart_country": "PE",
                                      "requesting_authority": "a", "requested_authority": "b",
                                      "central_authority": "c", "legal_basis": "reciprocity",
                                      "assistance_type": "documents", "facts": "F", "law": "L",
                                      "assistance_sought": "R", "case_id": str(MISSING_UUID)})),
    "api:cooperation_mla_get": Entry("GET", CASE_READ, kwargs=lambda w: {"mla_id": w.mla.public_id}, scoped=True),
    "api:cooperation_mla_move": Entry("POST", INTL_WRITERS, kwargs=lambda w: {"mla_id": w.mla.public_id}, scoped=True,
                                      knows=INTL_READERS, body_for=_mla_next),
    "api:cooperation_notice_list": Entry("GET", EVERYONE, secret=lambda w: w.notice.reference, sees=CASE_READ),
    "api:cooperation_notice_get": Entry("GET", CASE_READ, kwargs=lambda w: {"notice_id": w.notice.public_id}, scoped=True),
    "api:cooperation_jit_list": Entry("GET", EVERYONE, secret=lambda w: w.jit.reference, sees=CASE_READ),
    "api:cooperation_jit_get": Entry("GET", CASE_READ, kwargs=lambda w: {"jit_id": w.jit.public_id}, scoped=True),
    "api:cooperation_plan_list": Entry("GET", EVERYONE, secret=lambda w: w.plan.title, sees=BORDER_PARTIES),
    "api:cooperation_plan_get": Entry("GET", BORDER_PARTIES, kwargs=lambda w: {"plan_id": w.plan.public_id}, scoped=True),
    "api:cooperation_operation_list": Entry("GET", EVERYONE, secret=lambda w: w.operation.name, sees=OP_PARTIES),
    "api:cooperation_operation_get": Entry("GET", OP_PARTIES, kwargs=lambda w: {"operation_id": w.operation.public_id},
                                           scoped=True),
    # The API's writes: the same services as the pages, so exactly the pages' users (cooperation:notice_create,
    # notice_status, jit_create, jit_extend, intl_case_add, plan_create, plan_add, milestone_status,
    # operation_create, operation_update, operation_case_add).
    "api:cooperation_notice_create": Entry(
        "POST", CASE_WRITE, body=lambda w: _notice_body(w.case.public_id), scoped=True, knows=READERS,
        missing=lambda w: ({}, None, _notice_body(MISSING_UUID))),
    "api:cooperation_notice_status": Entry(
        "POST", INTL_WRITERS, kwargs=lambda w: {"notice_id": w.notice.public_id}, scoped=True, knows=INTL_READERS,
        body=lambda w: {"version": _ver(w.notice), "status": "issued"}),
    "api:cooperation_jit_create": Entry(
        "POST", INTL_WRITERS, body=lambda w: _jit_body(w.case.public_id), scoped=True, knows=INTL_READERS | SUMMARY,
        missing=lambda w: ({}, None, _jit_body(MISSING_UUID))),
    "api:cooperation_jit_extend": Entry(
        "POST", INTL_WRITERS, kwargs=lambda w: {"jit_id": w.jit.public_id}, scoped=True, knows=INTL_READERS,
        body=_jit_extension),
    "api:cooperation_jit_case_link": Entry(
        "POST", INTL_WRITERS, kwargs=lambda w: {"jit_id": w.jit.public_id}, scoped=True, knows=INTL_READERS,
        body=lambda w: {"case_id": str(w.case.public_id)}),
    "api:cooperation_mla_case_link": Entry(
        "POST", INTL_WRITERS, kwargs=lambda w: {"mla_id": w.mla.public_id}, scoped=True, knows=INTL_READERS,
        body=lambda w: {"case_id": str(w.case.public_id)}),
    # A plan of the police and the border service: the managers of either (each allowed user makes one).
    "api:cooperation_plan_create": Entry("POST", AGREEMENT_MANAGERS, body_for=lambda w, user: {
        "code": f"POC-{user}", "title": "Border plan", "institutions": ["police", "border"], "starts_on": TODAY,
        "ends_on": TODAY}),
    "api:cooperation_plan_objective_add": Entry(
        "POST", AGREEMENT_MANAGERS, kwargs=lambda w: {"plan_id": w.plan.public_id}, scoped=True,
        knows=BORDER_PARTIES - AGREEMENT_MANAGERS, body=lambda w: {"text": "Train the border posts",
                                                                   "institution": "border"}),
    "api:cooperation_plan_milestone_add": Entry(
        "POST", AGREEMENT_MANAGERS, kwargs=lambda w: {"plan_id": w.plan.public_id}, scoped=True,
        knows=BORDER_PARTIES - AGREEMENT_MANAGERS, body=lambda w: {"title": "Joint inspection", "due_on": TODAY}),
    "api:cooperation_plan_milestone_status": Entry(
        "POST", AGREEMENT_MANAGERS, kwargs=lambda w: {"plan_id": w.plan.public_id, "milestone_id": w.milestone.pk},
        scoped=True, knows=BORDER_PARTIES - AGREEMENT_MANAGERS, body=lambda w: {"status": "met"}),
    "api:cooperation_plan_progress_add": Entry(
        "POST", AGREEMENT_MANAGERS, kwargs=lambda w: {"plan_id": w.plan.public_id}, scoped=True,
        knows=BORDER_PARTIES - AGREEMENT_MANAGERS, body=lambda w: {"text": "Two posts trained"}),
    # An operation of the police and the partner: the managers of either (each allowed user makes one).
    "api:cooperation_operation_create": Entry("POST", OP_MANAGERS, body_for=lambda w, user: {
        "code": f"OP-{user}", "name": "Operation Altiplano", "institutions": ["police", "partner"],
        "countries": ["BO"], "starts_on": TODAY}),
    "api:cooperation_operation_update": Entry(
        "PATCH", OP_MANAGERS, kwargs=lambda w: {"operation_id": w.operation.public_id}, scoped=True,
        knows=OP_PARTIES - OP_MANAGERS, body=lambda w: {"version": _ver(w.operation), "phase": "operation",
                                                        "persons_rescued": 4, "persons_arrested": 1,
                                                        "places_inspected": 3}),
    "api:cooperation_operation_case_link": Entry(
        "POST", frozenset({"investigator", "supervisor"}), kwargs=lambda w: {"operation_id": w.operation.public_id},
        scoped=True, knows=OP_PARTIES - {"investigator", "supervisor"},
        body=lambda w: {"case_id": str(w.case.public_id)}),
    "api:cases_create": Entry("POST", CASE_CREATORS, body=lambda w: {"title": "Opened by the matrix"}),
    "api:cases_detail": case_route(allowed=SEES_CASE, knows=NOBODY, secret=lambda w: w.case_summary,
                                   sees=CASE_READ),  # summary-scope sharings do not include the summary
    "api:cases_update": case_route("PATCH", body=lambda w: {"version": _ver(w.case), "tags": ["matrix"]}),
    "api:cases_status": case_route("POST", body=_next_status),
    "api:participants_list": case_route(allowed=CASE_READ),
    "api:participants_add": case_route("POST", body=lambda w: {"role": "suspect", "person": {"aliases": "El Tío"}}),
    "api:participants_update": case_route("PATCH",
                                          kwargs=lambda w: {"case_id": w.case.public_id, "participant_id": w.victim_cp.public_id},
                                          body=lambda w: {"version": _ver(w.victim_cp), "notes": "Seen by a doctor"}),
    "api:person_detail": Entry("GET", CASE_READ, kwargs=lambda w: {"person_id": w.victim.public_id}, scoped=True),
    "api:person_reveal": Entry("POST", CASE_FULL, kwargs=lambda w: {"person_id": w.victim.public_id}, scoped=True, knows=LIAISON,
                               body=lambda w: {"reason": "Needed to prepare the hearing tomorrow"}, identity=CASE_FULL),
    "api:score_view": Entry("POST", SCREENERS | CASE_WORKERS, body=lambda w: {"exploitation": "labour", "yes": []}),
    "api:screenings_list": Entry("GET", SCREENERS | CASE_WORKERS, secret=lambda w: w.scr_open.pseudonym,
                                 sees=SCR_OPEN, identity=AUTHOR),
    "api:screenings_create": Entry("POST", SCREENERS, body=lambda w: {"exploitation": "labour", "country": "BO"}),
    "api:screenings_get": Entry("GET", SCR_OPEN, kwargs=lambda w: {"screening_id": w.scr_open.public_id}, scoped=True,
                                identity=AUTHOR),
    "api:screenings_reveal": Entry("POST", frozenset({"investigator", "prosecutor"}), scoped=True, knows=AUTHOR,
                                   kwargs=lambda w: {"screening_id": w.scr_open.public_id},
                                   body=lambda w: {"reason": "Deciding whether to open a case"},
                                   identity=frozenset({"investigator", "prosecutor"})),
    "api:screenings_update": Entry("PATCH", frozenset({"screener"}), scoped=True,
                                   kwargs=lambda w: {"screening_id": w.scr_draft.public_id},
                                   body=lambda w: {"version": _ver(w.scr_draft), "observations": "Nervous"}),
    "api:screenings_delete": Entry("DELETE", frozenset({"screener"}), kwargs=lambda w: {"screening_id": w.scr_draft.public_id},
                                   scoped=True),
    "api:consent_create": Entry(
        "POST", SUBJECT, scoped=True,
        body=lambda w: {"subject": {"person_id": str(w.victim.public_id)}, "recipient_id": w.ngo.pk, "purpose": "legal_aid",
                        "categories": ["first_name"], "informed": True},
        missing=lambda w: ({}, None, {"subject": {"person_id": str(MISSING_UUID)}, "recipient_id": w.ngo.pk,
                                      "purpose": "legal_aid", "categories": ["first_name"], "informed": True}),
        ok=(400,)),  # the second allowed user records a duplicate consent in force: 400
    "api:consent_revoke": Entry("POST", SUBJECT, kwargs=lambda w: {"consent_id": w.consent_medical.public_id}, scoped=True,
                                body=lambda w: {"note": ""}, ok=(400,)),  # already withdrawn by the first
    "api:referral_list": Entry("GET", EVERYONE, secret=lambda w: w.referral.reference, sees=CASE_FULL),
    "api:referral_create": Entry(
        "POST", SUBJECT, scoped=True,
        body=lambda w: {"subject": {"person_id": str(w.victim.public_id)}, "service": "shelter", "recipient_id": w.ngo.pk},
        missing=lambda w: ({}, None, {"subject": {"person_id": str(MISSING_UUID)}, "service": "shelter",
                                      "recipient_id": w.ngo.pk})),
    "api:incoming_list": Entry("GET", frozenset({"service_provider"}), identity=PROVIDER),
    "api:incoming_get": Entry("GET", frozenset({"service_provider"}), kwargs=lambda w: {"referral_id": w.referral.public_id},
                              scoped=True, identity=PROVIDER),
    "api:incoming_respond": Entry("POST", frozenset({"service_provider"}), scoped=True,
                                  kwargs=lambda w: {"referral_id": w.referral.public_id},
                                  body=lambda w: {"to_status": "accepted", "version": _ver(w.referral)},
                                  identity=PROVIDER),
    "api:referral_get": Entry("GET", CASE_FULL, kwargs=lambda w: {"referral_id": w.referral.public_id}, scoped=True),
    "api:referral_revoke": Entry("POST", CASE_FULL, kwargs=lambda w: {"referral_id": w.referral.public_id}, scoped=True,
                                 body=lambda w: {"note": ""}, ok=(400,)),  # already revoked by the first
    "api:directory_list": Entry("GET", EVERYONE),
    "api:person_hits_api": Entry("GET", CASE_READ, kwargs=lambda w: {"person_id": w.mine.public_id}, scoped=True,
                                 never=hidden_case),
    "api:case_hits_api": case_route(allowed=SEES_CASE, knows=NOBODY, secret=lambda w: "Quispe", sees=CASE_READ,
                                    never=hidden_case),
    "api:review_api": Entry("GET", EVERYONE, secret=lambda w: f'"person_b_id": "{w.candidate.person_b.public_id}"',
                            sees=CASE_FULL),
    "api:decide_api": Entry("POST", CASE_FULL, kwargs=lambda w: {"candidate_id": w.candidate.pk}, scoped=True,
                            knows=LIAISON,
                            body=lambda w: {"decision": "unsure"}),
    "api:network_api": Entry("GET", CASE_READ, query=lambda w: {"center": f"case:{w.case.public_id}"}, scoped=True,
                             never=hidden_case, missing=lambda w: ({}, {"center": f"case:{MISSING_UUID}"}, None)),
    "api:routes_api": Entry("GET", EVERYONE),
    "api:capacity_templates": Entry("GET", CAPACITY),
    "api:capacity_rounds": Entry("GET", CAPACITY),
    "api:capacity_round_get": Entry("GET", CAPACITY, kwargs=lambda w: {"round_id": w.cap_round.pk}, scoped=True),
    "api:capacity_round_results": Entry("GET", CAPACITY, kwargs=lambda w: {"round_id": w.cap_round.pk}, scoped=True),
    "api:capacity_actions": Entry("GET", CAPACITY),
    "api:capacity_action_create": Entry(
        "POST", CAPACITY, scoped=True,
        body=lambda w: {"round_unit_id": w.cap_ru.pk, "title": "Taller", "owner": "DTTP", "due_on": TODAY},
        missing=lambda w: ({}, None, {"round_unit_id": MISSING_ID, "title": "Taller", "owner": "DTTP",
                                      "due_on": TODAY})),
    "api:capacity_courses": Entry("GET", CAPACITY),
    "api:capacity_sessions": Entry("GET", CAPACITY),
    "api:capacity_coverage": Entry("GET", CAPACITY),
    "api:monitoring_tables": Entry("GET", DASHBOARD, never=lambda w: [w.case.title]),
    "api:monitoring_national": Entry("GET", MONITOR, query=lambda w: {"version": "official"}),
    "api:monitoring_releases": Entry("GET", MONITOR),
    "api:monitoring_release_create": Entry("POST", MONITOR, body=lambda w: {"kind": "k-anon", "k": 2}),
    "api:monitoring_release_download": Entry("GET", MONITOR, kwargs=lambda w: {"release_id": _release(w).pk},
                                             scoped=True),
    "api:capacity_my_questionnaires": Entry("GET", EVERYONE, secret=lambda w: "matrix 2010",
                                            sees=RESPONDENT),
    # --- API: evidence (full access to the case; writes by those who edit it; custody rules give 400)
    "api:evidence_list": case_route(allowed=CASE_READ, knows=NOBODY, secret=lambda w: w.evidence.exhibit_number,
                                    sees=CASE_READ),
    "api:evidence_create": case_route("POST", body_for=lambda w, user: {"exhibit_number": f"EV-{user}",
                                                                        "kind": "documentary"}),
    "api:evidence_get": evidence_route(allowed=CASE_READ, knows=NOBODY),
    "api:evidence_transfer": evidence_route("POST", ok=(400,), body=lambda w: {
        "to_external_id": w.laboratory.pk, "receipt_reference": "IDIF-1"}),
    "api:evidence_confirm": evidence_route("POST", ok=(400,), body=lambda w: {}),
    "api:evidence_dispose": evidence_route("POST", ok=(400,), body=lambda w: {
        "kind": "retention", "ordered_by": "Juez 3.º de Instrucción", "retain_until": TODAY}),
    "api:evidence_upload": evidence_route("POST", ok=(400,)),
    "api:evidence_download": Entry("GET", CASE_READ, kwargs=lambda w: {"file_id": w.evidence_file.pk}, scoped=True),
    "api:attachment_list": case_route(allowed=CASE_READ, knows=NOBODY, secret=lambda w: "acta-matrix.pdf",
                                      sees=CASE_READ, never=lambda w: ["photo-matrix.txt"]),
    "api:attachment_add": case_route("POST", ok=(400,), body=lambda w: {}),  # JSON, not multipart: no file
    "api:attachment_download": Entry("GET", CASE_READ, kwargs=lambda w: {"attachment_id": w.attachment.public_id},
                                     scoped=True),
    # --- API: special techniques (the compartment: the named member alone; 404 for the rest of the team)
    "api:technique_list": case_route(allowed=CASE_READ, knows=NOBODY, secret=lambda w: w.authorisation.reference,
                                     sees=NAMED),
    "api:technique_create": case_route("POST", body_for=_technique_body()),
    "api:technique_get": technique_route(secret=lambda w: w.authorisation.reference, sees=NAMED),
    "api:technique_renew": technique_route("POST", body=lambda w: {
        "expires_on": (w.authorisation.expires_on + dt.timedelta(days=30)).isoformat(), "judge": "Juez"}),
    "api:technique_confirm": technique_route("POST", ok=(400,), audit=NO_DATA, body=lambda w: {  # not an emergency
        "version": _ver(w.authorisation), "confirmed_by": "Juez"}),
    # --- API: proceedings and the elements matrix (full access to read; case editors write; 400/409 after access)
    "api:proceedings_get": case_route(allowed=CASE_READ, knows=NOBODY, secret=lambda w: "Juzgado matrix 7",
                                      sees=CASE_READ),
    "api:stage_enter": case_route("POST", body=lambda w: {"defendant_id": w.defendant_cp.pk, "stage_id": w.stage.pk,
                                                          "started_on": TODAY}),
    "api:charge_create": case_route("POST", body=lambda w: {"defendant_id": w.defendant_cp.pk,
                                                            "offence_id": w.offence.pk}),
    "api:charge_status": Entry("POST", CASE_WRITE, kwargs=lambda w: {"charge_id": w.charge.pk}, scoped=True,
                               knows=READERS, body=lambda w: {"version": _ver(w.charge), "status": "filed"}),
    "api:hearing_create": case_route("POST", body=lambda w: {"starts_at": timezone.now().isoformat(), "court": "T1",
                                                             "kind": "trial"}),
    "api:hearing_result": Entry("POST", CASE_WRITE, kwargs=lambda w: {"hearing_id": w.hearing.public_id}, scoped=True,
                                knows=READERS, body=lambda w: {"version": _ver(w.hearing), "result": "Aplazada"}),
    "api:judgment_create": case_route("POST", body=lambda w: {"defendant_id": w.defendant_cp.pk, "decided_on": TODAY,
                                                              "court": "T3", "verdict": "acquitted"}),
    "api:appeal_add": Entry("POST", CASE_WRITE, kwargs=lambda w: {"judgment_id": w.judgment.pk}, scoped=True,
                            knows=READERS, body=lambda w: {"kind": "appeal", "filed_on": TODAY, "filed_by": "Fiscalía"}),
    "api:appeal_outcome": Entry("POST", CASE_WRITE, kwargs=lambda w: {"appeal_id": _pending_appeal(w).pk},
                                scoped=True, knows=READERS, body=lambda w: {"outcome": "retrial", "decided_on": TODAY}),
    "api:measure_create": case_route("POST", body=lambda w: {"person_id": w.victim_cp.pk, "kind": "police",
                                                             "ordered_by": "Juez", "starts_on": TODAY}),
    "api:elements_get": case_route(allowed=CASE_READ, knows=NOBODY, secret=lambda w: w.offence.code, sees=CASE_READ),
    "api:elements_open": case_route("POST", body=lambda w: {"defendant_id": w.defendant_cp.pk,
                                                            "offence_id": w.offence.pk}),
    "api:element_update": Entry("PUT", CASE_WRITE, kwargs=lambda w: {"link_id": w.element_link.public_id}, scoped=True,
                                knows=READERS, body=lambda w: {"version": _ver(w.element_link), "status": "weak"}),
}


# Second objects for a few routes whose rule depends on the kind of object named.
VARIANTS: list[tuple[str, str, Entry]] = [
    ("referrals:subject", "screening", Entry("GET", SCR_OPEN, kwargs=lambda w: {"kind": "screening",
                                                                                "pk": w.scr_open.public_id}, scoped=True)),
    ("referrals:refer", "screening", Entry("GET", SCR_OPEN, kwargs=lambda w: {"kind": "screening",
                                                                              "pk": w.scr_open.public_id}, scoped=True)),
    ("referrals:consent_new", "screening", Entry("GET", SCR_OPEN, kwargs=lambda w: {"kind": "screening",
                                                                                    "pk": w.scr_open.public_id}, scoped=True)),
    ("screening:step", "completed", Entry("GET", SCR_OPEN, kwargs=lambda w: {"pk": w.scr_open.public_id, "step": "1"},
                                          scoped=True)),
    ("api:screenings_get", "draft", Entry("GET", frozenset({"screener"}), scoped=True,
                                          kwargs=lambda w: {"screening_id": w.scr_draft.public_id})),
    # The converted screening: a person in the case now, so nobody sees its names without a reveal,
    # not even the full-scope liaison who reads the case (the leak this column was added for).
    ("api:screenings_get", "converted", Entry("GET", SCR_DONE, scoped=True,
                                              kwargs=lambda w: {"screening_id": w.scr_done.public_id})),
    ("screening:detail", "converted", Entry("GET", SCR_DONE, scoped=True, kwargs=lambda w: {"pk": w.scr_done.public_id})),
    ("cases:entity_edit", "organisation", case_route(kwargs=lambda w: {"case_id": w.case.public_id, "kind": "organisation",
                                                                       "entity_id": w.organisation.pk})),
    ("cases:entity_edit", "account", case_route(kwargs=lambda w: {"case_id": w.case.public_id, "kind": "account",
                                                                  "entity_id": w.account.pk})),
    # By phone: the La Paz record only to who reads the La Paz case (the Cochabamba record shares it).
    ("links:person_search", "by-phone", Entry("POST", CASE_WORKERS, body=lambda w: {"phone": "+591 71234567"},
                                              secret=lambda w: reverse("persons:detail", args=[w.mine.public_id]),
                                              sees=CASE_READ)),
    ("links:network", "person", Entry("GET", CASE_READ, query=lambda w: {"person": w.victim.public_id}, scoped=True,
                                      gated=NON_WORKERS, missing=lambda w: ({}, {"person": MISSING_UUID}, None))),
    ("api:network_api", "person", Entry("GET", CASE_READ, query=lambda w: {"center": f"person:{w.victim.public_id}"},
                                        scoped=True,
                                        missing=lambda w: ({}, {"center": f"person:{MISSING_UUID}"}, None))),
    ("links:network", "path-to-hidden", Entry("GET", CASE_READ, scoped=True, gated=NON_WORKERS, never=hidden_case,
                                              query=lambda w: {"case": w.case.public_id, "to": f"case:{w.cbba_case.public_id}"},
                                              missing=lambda w: ({}, {"case": MISSING_UUID,
                                                                      "to": f"case:{w.cbba_case.public_id}"}, None))),
    # A file attached to the victim: nobody gets it without a reveal in force, "not found" as for a missing id.
    ("prosecution:attachment_file", "protected-person", Entry("GET", NOBODY, scoped=True,
                                                            kwargs=lambda w: {"attachment_id": w.victim_attachment.public_id})),
    ("api:attachment_download", "protected-person", Entry("GET", NOBODY, scoped=True,
                                                        kwargs=lambda w: {"attachment_id": w.victim_attachment.public_id})),
    ("cases:detail", "audit-tab", case_route(allowed=SEES_CASE, knows=NOBODY, query=lambda w: {"tab": "audit"},
                                             secret=lambda w: "cooperation.notice_create", sees=frozenset({"supervisor"}))),
    ("api:person_detail", "other-unit", Entry("GET", frozenset({"other_supervisor", "cbba_investigator"}), scoped=True,
                                              kwargs=lambda w: {"person_id": w.theirs.public_id})),
    ("persons:detail", "other-unit", Entry("GET", frozenset({"other_supervisor", "cbba_investigator"}), scoped=True,
                                           kwargs=lambda w: {"person_id": w.theirs.public_id})),
    ("cases:detail", "other-unit", Entry("GET", frozenset({"other_supervisor", "cbba_investigator"}), scoped=True,
                                         kwargs=lambda w: {"case_id": w.cbba_case.public_id})),
]


# --- route enumeration -------------------------------------------------------------------------

def route_names() -> dict[str, str]:
    """Every named route (namespaced) -> its pattern; ninja operations are patterns under ``api``."""
    out: dict[str, str] = {}

    def walk(resolver: URLResolver, prefix: str, namespaces: tuple[str, ...]) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, prefix + str(p.pattern), namespaces + ((p.namespace,) if p.namespace else ()))
            elif isinstance(p, URLPattern):
                name = ":".join((*namespaces, p.name)) if p.name else f"<unnamed {prefix}{p.pattern}>"
                out[name] = prefix + str(p.pattern)

    walk(get_resolver(), "", ())
    return out


def test_every_route_has_an_entry():
    routes = set(route_names())
    missing = sorted(routes - set(MATRIX))
    stale = sorted((set(MATRIX) | {name for name, _label, _entry in VARIANTS}) - routes)
    assert not missing and not stale, f"routes without a matrix entry: {missing}; entries without a route: {stale}"


# --- probing ------------------------------------------------------------------------------------

_VOLATILE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|name="form_token" value="[^"]+"|content="[A-Za-z0-9]{64}"|nonce="[^"]*"')


def normalised(response) -> str:
    """The body without per-request tokens and without the requested path (the language switch
    echoes it), so the ids in the URL are all that differs between two requests."""
    text = _VOLATILE.sub("", response.content.decode("utf-8", "replace"))
    path, query = response.request["PATH_INFO"], response.request.get("QUERY_STRING", "")
    if query:
        text = text.replace(f"{path}?{query}", "<path>").replace(escape(f"{path}?{query}"), "<path>")
    return text.replace(path, "<path>")


@dataclass
class Prober:
    name: str
    entry: Entry
    w: W
    clients: dict = field(default_factory=dict)

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    def client(self, user_key: str | None) -> Client:
        if user_key not in self.clients:
            if user_key is None:
                client = Client(headers={"accept-language": "en"})
            elif self.is_api:
                client = Client(headers={"accept-language": "en", "authorization": f"Bearer {self.w.tokens[user_key]}"})
            else:  # the session made once per module (restored by the rollback after each test)
                client = Client(headers={"accept-language": "en"})
                client.cookies[settings.SESSION_COOKIE_NAME] = self.w.sessions[user_key]
            self.clients[user_key] = client
        return self.clients[user_key]

    def request(self, user_key: str | None, *, missing: bool = False):
        e = self.entry
        if missing:
            kwargs, query, body = (e.missing or _default_missing(e))(self.w)
        else:
            kwargs, query, body = e.kwargs(self.w), e.query(self.w) if e.query else None, e.body(self.w) if e.body else None
        if e.body_for is not None:
            body = e.body_for(self.w, user_key)
        url = reverse(self.name, kwargs=kwargs or None)
        client = self.client(user_key)
        if e.method == "GET":
            return client.get(url, query or {})
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        if self.is_api:
            return client.generic(e.method, url, json.dumps(body or {}), content_type="application/json")
        return client.generic(e.method, url, _form(body or {}), content_type="application/x-www-form-urlencoded")


def _form(data: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


def _default_missing(e: Entry) -> Callable[[W], tuple[dict, dict | None, dict | None]]:
    def build(w):
        kwargs = {k: (MISSING_ID if isinstance(v, int) else MISSING_UUID if isinstance(v, uuid.UUID) else v)
                  for k, v in e.kwargs(w).items()}
        return kwargs, e.query(w) if e.query else None, e.body(w) if e.body else None

    return build


# --- the audit column -------------------------------------------------------------------------------

# Routes that read no protected data (no case, person, screening, referral or match): accounts and
# capacity sit below the case apps or beside them without access to them (docs/architecture.md),
# so whatever they show cannot be case data; the others are named one by one.
NO_DATA_PREFIXES = ("accounts:", "capacity:", "api:capacity_", "ops:")
NO_DATA_ROUTES = frozenset({
    "web:password_change", "web:totp_setup", "healthz", "screening:instruments", "screening:instrument_add",
    "screening:instrument_active", "referrals:directory", "api:directory_list", "api:openapi-json",
    "api:openapi-view", "api:me", "set_language", "audit:verify", "cases:create", "screening:new",
    "referrals:notifications_read",  # marks one's own notifications read
    "api:score_view",  # scores the answers sent in the body; reads and stores nothing
    # Statistics: counts with small cells suppressed, no record of anyone (a victim-level release's
    # download is a read: it keeps the column).
    "monitoring:dashboard", "monitoring:table_csv", "monitoring:national", "monitoring:national_download",
    "monitoring:releases", "api:monitoring_tables", "api:monitoring_national", "api:monitoring_releases",
    # Agreements between institutions and the directory of their liaisons: no case, person or victim
    # data (an agreement names institutions, purposes and dates); one's own notices marked read.
    "cooperation:agreements", "cooperation:agreement_detail", "cooperation:agreement_document",
    "api:cooperation_agreements", "api:cooperation_agreement_get", "cooperation:liaisons",
    "cooperation:notices_read",
    # Empty forms: the request form (the user's own choices) and the person search before a search
    # (the search itself, a POST, records its read).
    "cooperation:request_create", "links:person_search",
    # Empty forms of agreements, international records, plans and operations; the joint plans (objectives,
    # milestones, institutions: no case, person or victim) and the committee's counts of them.
    "cooperation:agreement_create", "cooperation:mla_create", "cooperation:jit_create", "cooperation:plan_create",
    "cooperation:operation_create", "cooperation:plans", "cooperation:plan_detail", "cooperation:plans_review",
    "api:cooperation_plan_list", "api:cooperation_plan_get", "cooperation:agreement_upload",
})


# The API root is no page: it answers every signed-in user 404 without naming anything.
DENIAL_NOT_RECORDED = frozenset({"api:api-root"})


def _audit_rule(name: str, entry: Entry) -> str:
    if name in NO_DATA_ROUTES or name.startswith(NO_DATA_PREFIXES):
        return NO_DATA
    return entry.audit_rule


def _audit_seq() -> int:
    return AuditHead.objects.filter(id=1).values_list("seq", flat=True).first() or 0


def _entries(w, user: str, since: int):
    return list(AuditEntry.objects.filter(seq__gt=since, actor=getattr(w, user)).order_by("seq"))


def _denied_entry(w, user: str, since: int, name: str):
    """The one denial entry of the request, naming the route (or, for API operations sharing a path,
    the operation Django resolved the path to)."""
    found = [e for e in _entries(w, user, since) if e.action == DENIED]
    if len(found) != 1:
        return None
    routes = route_names()
    return found[0] if routes.get(found[0].details.get("route")) == routes[name] else None


def _shape(e) -> tuple:
    """What an auditor sees of a denial apart from the id values: equal for a missing id."""
    d = e.details
    return (e.action, e.object_type, e.object_id, e.case_id is None, sorted(d), sorted(d.get("ids", {})),
            d.get("status"))


def _audit_problems(w, user: str, since: int, rule: str) -> list[str]:
    """The audit column for an allowed user's request (``Entry.audit``)."""
    if rule == NO_DATA:
        return []
    entries = _entries(w, user, since)
    reads = [e for e in entries if is_read_action(e.action) and e.action != DENIED]
    if rule == ANY and not entries:
        return [f"{user}: the request left no audit entry"]
    if rule == READ and not reads:
        return [f"{user}: read protected data without an audit entry ({[e.action for e in entries]})"]
    if rule == READ and len(reads) > 1:
        return [f"{user}: one read request wrote {len(reads)} read entries: {[e.action for e in reads]}"]
    return []


def _through(response) -> bool:
    if response.status_code >= 400:
        return False
    location = response.headers.get("Location", "")
    return not (300 <= response.status_code < 400 and location.startswith(reverse("web:login")))


def _describe(user, response) -> str:
    where = response.headers.get("Location", "")
    return f"{user}: {response.status_code}{' -> ' + where if where else ''}"


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker):
    """The populated world, built once per module inside a transaction that is rolled back."""
    from enlace.accounts.services import token_create
    from enlace.screening.models import InstrumentVersion

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = build_world()
            w.tokens = {key: token_create(actor=None, user=getattr(w, key), name="matrix-api")[1] for key in USERS}
            w.sessions = {}
            for key in USERS:
                client = Client()
                client.force_login(getattr(w, key))
                w.sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
            w.instrument = InstrumentVersion.objects.order_by("pk").first()
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _params():
    probes = [(name, name, entry) for name, entry in sorted(MATRIX.items())]
    probes += [(name, f"{name}[{label}]", entry) for name, label, entry in VARIANTS]
    for name, label, entry in probes:
        marks = [pytest.mark.xfail(strict=True, reason=entry.xfail)] if entry.xfail else []
        yield pytest.param(name, entry, id=label, marks=marks)


@pytest.mark.parametrize(("name", "entry"), list(_params()))
def test_route_access(name, entry, world_once, db):
    w = world_once
    probe = Prober(name, entry, w)
    problems: list[str] = []
    denied = [u for u in USERS if u not in entry.allowed]
    allowed = [u for u in USERS if u in entry.allowed]

    for user in denied:
        since = _audit_seq()
        r = probe.request(user)
        if r.status_code == 500 or _through(r):
            problems.append(f"should be denied: {_describe(user, r)}")
            continue
        denial = _denied_entry(w, user, since, name)
        if denial is None and name not in DENIAL_NOT_RECORDED:
            problems.append(f"{user}: denied ({r.status_code}) without an {DENIED} entry")
        if user in entry.knows:
            if r.status_code not in (403, 404):
                problems.append(f"expected 403/404: {_describe(user, r)}")
            continue
        expected = {403, 404} if (user in entry.gated or not entry.scoped) else {404}
        if r.status_code not in expected:
            problems.append(f"expected {sorted(expected)}: {_describe(user, r)}")
        if entry.scoped:
            since = _audit_seq()
            m = probe.request(user, missing=True)
            if (m.status_code, normalised(m)) != (r.status_code, normalised(r)):
                problems.append(f"{user}: denial ({r.status_code}) differs from a missing id ({m.status_code})")
            missing = _denied_entry(w, user, since, name)
            if denial is not None and (missing is None or _shape(missing) != _shape(denial)):
                problems.append(f"{user}: the denial is recorded unlike a missing id's: {_shape(denial)} vs "
                                f"{_shape(missing) if missing else None}")

    r = probe.request(None)
    if entry.anonymous is not None:
        if r.status_code != entry.anonymous:
            problems.append(f"expected {entry.anonymous}: {_describe('anonymous', r)}")
    elif entry.public:
        if r.status_code >= 400:
            problems.append(f"public route refused: {_describe('anonymous', r)}")
    elif probe.is_api:
        if r.status_code != 401:
            problems.append(f"expected 401: {_describe('anonymous', r)}")
    elif not (r.status_code == 302 and r.headers["Location"].startswith(reverse("web:login"))):
        problems.append(f"expected redirect to sign-in: {_describe('anonymous', r)}")

    shown_to, identity_to = set(), set()
    for user in allowed:
        since = _audit_seq()
        r = probe.request(user)
        if not ((r.status_code < 400 if entry.public else _through(r)) or r.status_code in entry.ok):
            problems.append(f"should get through: {_describe(user, r)}")
            continue
        if not entry.public and user not in entry.reads_nothing_for:
            problems += _audit_problems(w, user, since, _audit_rule(name, entry))
        text = (b"".join(r.streaming_content) if r.streaming else r.content).decode("utf-8", "replace")
        if entry.secret and entry.secret(w) in text:
            shown_to.add(user)
        leaked = [s for s in (entry.never(w) if entry.never else []) if s in text]
        if leaked:
            problems.append(f"{user}: shown details of a case they may not see: {leaked}")
        names = [n for n in (*VICTIM_NAMES, *OPEN_NAMES) if n in text]
        if names and user not in entry.identity:
            problems.append(f"{user}: shown the identity of a protected person: {names}")
        elif names:
            identity_to.add(user)
    if entry.identity and not identity_to and not entry.ok:  # else ``identity`` could be left too wide
        problems.append(f"the identity is shown to none of {sorted(entry.identity)}: drop it from the entry")
    if entry.secret:
        if shown_to - entry.sees:
            problems.append(f"{sorted(shown_to - entry.sees)}: shown what only {sorted(entry.sees)} may see")
        if not shown_to:  # else the check above could never fail
            problems.append("the secret is shown to nobody: the leak check is vacuous")

    assert not problems, f"{name} ({entry.method}):\n  " + "\n  ".join(problems)


# --- ids inside a request body --------------------------------------------------------------------

def test_a_person_of_another_unit_named_in_a_body_is_answered_like_a_missing_one(world_once, db):
    """Adding an existing person to one's own case must not tell whether an unseen person exists."""
    w = world_once
    api = Client(headers={"accept-language": "en", "authorization": f"Bearer {w.tokens['investigator']}"})
    url = reverse("api:participants_add", kwargs={"case_id": w.case.public_id})
    answers = [api.post(url, json.dumps({"role": "witness", "person_id": str(pid)}), content_type="application/json")
               for pid in (w.theirs.public_id, MISSING_UUID)]
    assert answers[0].status_code == 400
    assert (answers[0].status_code, answers[0].json()) == (answers[1].status_code, answers[1].json())

    web = Client(headers={"accept-language": "en"})
    web.force_login(w.investigator)
    url = reverse("cases:person_add", kwargs={"case_id": w.case.public_id})
    pages = []
    for pseudonym in (w.theirs.pseudonym, "V-XXX-9999"):
        r = web.post(url, {"existing": pseudonym, "role": "witness", "doc-TOTAL_FORMS": "1",
                           "doc-INITIAL_FORMS": "0", "doc-MIN_NUM_FORMS": "0", "doc-MAX_NUM_FORMS": "1000", "p-sex": "U"})
        pages.append((r.status_code, normalised(r).replace(pseudonym, "<typed>")))
    assert pages[0][0] == 200 and "No person with this pseudonym in your cases." in pages[0][1]
    assert pages[0] == pages[1]
    from enlace.cases.models import CasePerson

    assert not CasePerson.objects.filter(case=w.case, person=w.theirs).exists()
