"""The populated world the access matrix probes: one object of every kind a route can name.

Built on ``make_case_world`` (users of every role around one La Paz case) and ONLY through
the apps' services, so the objects are what real use produces (audit entries, pseudonyms,
match candidates, consents). Why one builder: every route entry in the matrix reads its ids
from the same names (``w.case``, ``w.victim``, ``w.referral``...), so a route added later only
needs an entry, not a new fixture.
"""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

from django.utils import timezone

from enlace.accounts import services as account_services
from enlace.accounts.models import Institution, Membership
from enlace.accounts.tests.factories import InstitutionFactory, make_user
from enlace.audit.models import AuditEntry
from enlace.capacity import services as capacity_services
from enlace.capacity import services_training
from enlace.capacity.tests.factories import template as capacity_template
from enlace.cases import services as case_services
from enlace.cases import services_entities as entity_services
from enlace.cases.models import CasePerson
from enlace.cases.services_access import case_participant_add
from enlace.cases.tests.factories import make_case_world, share_case
from enlace.cooperation import services_intl, services_plans
from enlace.cooperation.services import liaison_name
from enlace.cooperation.services_requests import request_answer as coop_request_answer
from enlace.cooperation.services_requests import request_create as coop_request_create
from enlace.cooperation.tests.factories import make_agreement
from enlace.links.models import MatchCandidate
from enlace.links.selectors import holders_for
from enlace.links.services_requests import request_create
from enlace.links.tests.links_factories import add_person, other_unit_world
from enlace.ops.models import JobRun
from enlace.prosecution import services_elements, services_proceedings
from enlace.prosecution.models import Offence, ProceduralStage
from enlace.prosecution.reference import ensure_loaded
from enlace.prosecution.services_attachments import attachment_add
from enlace.prosecution.tests.factories import PDF, add_pdf, laboratory, make_item
from enlace.referrals import services as referral_services
from enlace.referrals import services_protection
from enlace.referrals.models import ServicePlanItem
from enlace.referrals.tests.factories import give_consent, screened
from enlace.screening import services as screening_services
from enlace.techniques.tests.factories import make_authorisation

# Users probed on every route (keys of the world). ``partner_liaison`` sees the case through a
# summary-scope sharing (overview only, no persons), ``shared_liaison`` through a full-scope one
# (reads everything, edits nothing, reveals no identity); ``cbba_investigator`` and
# ``cbba_liaison`` work in another unit of the same institution, with their own case.
USERS = (
    "investigator", "prosecutor", "supervisor", "other_supervisor", "outsider", "screener",
    "service_provider", "liaison", "monitoring", "auditor", "sysadmin", "partner_liaison", "shared_liaison",
    "cbba_investigator", "cbba_liaison", "capacity_manager",
)
# Who works the La Paz case with full access (team members and the lead unit's supervisor).
CASE_FULL = frozenset({"investigator", "prosecutor", "supervisor"})
# Who reads it in full (adds the liaison of the institution it is shared with, scope full).
CASE_READ = CASE_FULL | {"shared_liaison"}
# Who may edit it (full access and a role that edits case files).
CASE_WRITE = CASE_FULL
# Everyone signed in.
EVERYONE = frozenset(USERS)
# Roles that work cases (need-to-know still applies per case).
CASE_WORKERS = frozenset({"investigator", "prosecutor", "supervisor", "other_supervisor", "outsider", "liaison",
                          "partner_liaison", "shared_liaison", "cbba_investigator", "cbba_liaison"})
CASE_CREATORS = frozenset({"investigator", "prosecutor", "supervisor", "other_supervisor", "outsider",
                           "cbba_investigator"})
SCREENERS = frozenset({"screener", "service_provider"}) | CASE_CREATORS


# Names of the protected persons of the world: the identity column looks for them in every answer.
VICTIM_NAMES = ("Rosaura", "Tintaya")
OPEN_NAMES = ("Anabel", "Colque")  # ASCII: found alike in HTML and in JSON


def _victim_screening(screener, team, *, names=VICTIM_NAMES):
    """A completed screening (presumed victim) handed over to ``team``."""
    s = screened(screener, anonymous=False, names=names)
    return screening_services.screening_hand_over(actor=screener, screening=s, team=team)


def _capacity_objects(w: dict) -> None:
    """The capacity manager (of the case's own institution: still no case access), a round assessing the
    La Paz unit with the investigator as respondent, a matrix with a weakness and an action, a course with
    a session and the investigator's certificate."""
    m = w["capacity_manager"] = make_user("capacity_manager", institution=w["police"], username="capacity_manager")
    rnd = capacity_services.round_create(actor=m, title="Diagnóstico matrix 2010", year=2010,
                                         template=capacity_template(), units=[w["lpz"]])
    w["cap_round"], w["cap_ru"] = rnd, rnd.round_units.get()
    w["cap_respondent"] = capacity_services.respondent_add(actor=m, round_unit=w["cap_ru"], user=w["investigator"])
    w["cap_matrix"] = capacity_services.matrix_build(actor=m, round_unit=w["cap_ru"])
    w["cap_item"] = capacity_services.swot_item_add(actor=m, matrix=w["cap_matrix"], quadrant="W",
                                                    text="Pocos investigadores formados")
    w["cap_course"] = services_training.course_create(actor=m, title="Investigación de la trata", provider="unodc",
                                                      hours=40, modality="in_person",
                                                      competencies=["tip_investigation"], validity_months=24)
    w["cap_action"] = capacity_services.action_create(actor=m, round_unit=w["cap_ru"], title="Formar al equipo",
                                                      owner="Jefatura DTTP", due_on=dt.date(2026, 12, 31),
                                                      weakness=w["cap_item"], course=w["cap_course"])
    w["cap_session"] = services_training.session_create(actor=m, course=w["cap_course"], starts_on=dt.date(2026, 3, 2),
                                                        ends_on=dt.date(2026, 3, 6), place="La Paz")
    staff = services_training.staff_create(actor=m, full_name="Ramiro Quispe Apaza", institution=w["police"],
                                           unit=w["lpz"], user=w["investigator"])
    w["cap_certificate"] = services_training.participation_record(actor=m, session=w["cap_session"], staff=staff,
                                                                  completed=True)


def _proceedings_objects(w) -> None:
    """The suspect of the La Paz case in a stage, charged, heard, judged; its elements matrix; a measure."""
    pros, case = w["prosecutor"], w["case"]
    w["defendant_cp"] = defendant = CasePerson.objects.get(case=case, person=w["mine"], role="suspect")
    ensure_loaded()  # the shipped offences and stages, gone if an earlier test flushed the database
    offence = Offence.objects.get(code="BO-CP-281bis")
    stage = ProceduralStage.objects.get(country="BO", code="imputacion_formal")
    services_proceedings.stage_enter(actor=pros, case_id=case.public_id, defendant_id=defendant.pk, stage_id=stage.pk,
                                     started_on=timezone.localdate())
    w["charge"] = services_proceedings.charge_create(actor=pros, case_id=case.public_id, defendant_id=defendant.pk,
                                                     offence_id=offence.pk)
    w["hearing"] = services_proceedings.hearing_create(
        actor=pros, case_id=case.public_id, starts_at=timezone.now(), court="Juzgado matrix 7", kind="precautionary",
        victim_id=w["victim_cp"].pk, participation=["gesell"])
    w["judgment"] = services_proceedings.judgment_create(
        actor=pros, case_id=case.public_id, defendant_id=defendant.pk, decided_on=timezone.localdate(), court="Tribunal 3",
        verdict="acquitted")
    w["element_link"] = services_elements.matrix_open(actor=pros, case_id=case.public_id, defendant_id=defendant.pk,
                                                      offence_id=offence.pk)[0]
    w["measure"] = services_proceedings.measure_create(actor=pros, case_id=case.public_id, person_id=w["victim_cp"].pk,
                                                       kind="identity", ordered_by="Juez",
                                                       starts_on=timezone.localdate())
    w["offence"], w["stage"] = offence, stage


def _evidence_objects(w) -> None:
    """An evidence item of the La Paz case held by its investigator, with a stored PDF; a PDF attached
    to a note of the case and a photo to its victim (shown only to a reader who revealed her)."""
    w["evidence"] = make_item(w)
    w["evidence_file"] = add_pdf(w, w["evidence"])
    note = case_services.case_note_add(actor=w["investigator"], case=w["case"], text="Acta de allanamiento")
    w["attachment"] = attachment_add(actor=w["investigator"], case_id=w["case"].public_id, target="note",
                                     target_id=note.pk, name="acta-matrix.pdf", stream=io.BytesIO(PDF))
    w["victim_attachment"] = attachment_add(actor=w["investigator"], case_id=w["case"].public_id, target="person",
                                            target_id=w["victim"].pk, name="photo-matrix.txt",
                                            stream=io.BytesIO(b"photo of the victim"))
    w["laboratory"] = laboratory()


def _technique_objects(w) -> None:
    """An interception authorised in the La Paz case naming its investigator alone: the prosecutor,
    a member of the same team, and the supervisor of the lead unit are outside the compartment."""
    w["authorisation"] = make_authorisation(w, reference="AUT-MATRIX-7")


def _cooperation_objects(w) -> None:
    """Liaisons of the police (Cochabamba), the border service and the partner (national); an
    information request from the La Paz investigator to the border service, under its agreement."""
    liaison_name(actor=None, user=w["cbba_liaison"], institution=w["police"], subdivision="BO-C")
    for key in ("shared_liaison", "partner_liaison"):
        liaison_name(actor=None, user=w[key], institution=w[key].primary_institution)
    w["coop_request"] = coop_request_create(
        actor=w["investigator"], institution=w["mou_border"].parties.get(code="border"), agreement=w["mou_border"],
        category="persons", question="Border crossings of the victim", reason="Route of the case", case=w["case"])


def _international_objects(w) -> None:
    """An MLA request, a yellow notice for the victim and a joint team, all linked to the La Paz case;
    a joint plan of the police and the border service with a milestone; an operation of the police
    and the partner touching the case; a request answered by the border liaison with a file."""
    inv, case, today = w["investigator"], w["case"], timezone.localdate()
    border = w["mou_border"].parties.get(code="border")
    w["mla"] = services_intl.mla_create(actor=inv, data=services_intl.MlaInput(
        direction="outgoing", counterpart_country="AR", requesting_authority="Fiscalía, Bolivia",
        requested_authority="Procuración, Argentina", central_authority="Cancillería", legal_basis="untoc_18",
        assistance_type="evidence", facts="Recruitment in El Alto", law="Art. 281 bis",
        assistance_sought="Witness statements", deadline=today + dt.timedelta(days=5), cases=[case]))
    w["notice"] = services_intl.notice_create(actor=inv, case=case, colour="yellow", ncb="OCN La Paz",
                                              purpose="Missing since March", requested_on=today,
                                              subject=w["victim_cp"])
    w["jit"] = services_intl.jit_create(actor=inv, data=services_intl.JitInput(
        title="ECI matrix", legal_basis="untoc_19", purpose="Network", applicable_law="Where it acts",
        evidence_terms="By consent", starts_on=today, expires_on=today + dt.timedelta(days=180),
        parties=[services_intl.PartyInput("BO", "FGE", "A"), services_intl.PartyInput("CL", "FN", "B")],
        cases=[case]))
    w["plan"] = services_plans.plan_create(actor=w["supervisor"], code="POC-M", title="Plan matrix 5K",
                                           institutions=[w["police"], border], starts_on=today,
                                           ends_on=today + dt.timedelta(days=200))
    w["milestone"] = services_plans.milestone_add(actor=w["supervisor"], plan=w["plan"], title="Training",
                                                  due_on=today)
    w["operation"] = services_plans.operation_create(
        actor=w["supervisor"], code="OP-M", name="Operation matrix 9R",
        institutions=[w["police"], w["partner_liaison"].primary_institution], countries=["BO", "PE"],
        starts_on=today)
    services_plans.operation_link_case(actor=inv, operation=w["operation"], case=case)
    req = coop_request_create(actor=inv, institution=border, agreement=w["mou_border"], category="case_summary",
                              question="Crossings", reason="Route", case=case)
    coop_request_answer(actor=w["shared_liaison"], req=req, expected_version=req.version, answer="See the file",
                        files=[("crossings.csv", io.BytesIO(b"date,post\n2026-01-02,Desaguadero\n"))])
    w["coop_answered"], w["coop_file"] = req, req.attachments.get()


def build_world() -> SimpleNamespace:
    w = make_case_world()
    inv, case, team = w["investigator"], w["case"], w["team"]
    today = timezone.localdate()

    # Another unit of the same institution with its own case (links: hidden hits, requests).
    cb = other_unit_world(w)
    w.update({"cbba_investigator": cb["cbba_inv"], "cbba_liaison": cb["cbba_liaison"], "cbba_case": cb["cbba_case"],
              "cbba_team": cb["cbba_team"], "cbba": cb["cbba"]})

    # A partner institution that sees the case through a summary-scope sharing.
    partner = InstitutionFactory(code="partner", kind="international", name="Partner Org")
    w["partner_liaison"] = make_user("liaison", institution=partner, username="partner_liaison")
    w["mou_partner"] = make_agreement("mou-1", [w["police"], partner], categories=["case_summary"])
    w["sharing"] = share_case(actor=inv, case=case, institution=partner, scope="summary",
                              purpose="Joint operation", agreement_id=w["mou_partner"].pk)
    border = InstitutionFactory(code="border", kind="migration", name="Border Service")
    w["shared_liaison"] = make_user("liaison", institution=border, username="shared_liaison")
    w["mou_border"] = make_agreement("mou-2", [w["police"], border])
    w["sharing_full"] = share_case(actor=inv, case=case, institution=border, scope="full",
                                   purpose="Border checks", agreement_id=w["mou_border"].pk)

    # Screenings by the world's screener: one converted into the case (the victim), one completed
    # and handed over to the team (not converted yet), one draft nobody else sees.
    screener = w["screener"]
    w["scr_done"] = _victim_screening(screener, team)
    cp = screening_services.screening_convert(actor=inv, screening=w["scr_done"],
                                              expected_version=w["scr_done"].version, case=case)
    w["victim_cp"], w["victim"] = cp, cp.person
    w["scr_open"] = _victim_screening(screener, team, names=OPEN_NAMES)
    w["scr_draft"] = screened(screener, complete=False)

    # Two records of the same man in the case (a same-person candidate both sides of which the team
    # sees) and a matching record in the Cochabamba case (a hidden hit, asked about by La Paz).
    w["mine"] = add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                           birth_year=1990, sex="M", phones=["+591 71234567"])
    w["twin"] = add_person(inv, case, given_names="QUISPE MAMANI, Juan C.", birth_year=1990, sex="M")
    w["theirs"] = add_person(cb["cbba_inv"], cb["cbba_case"], role="victim", given_names="QUISPE MAMANI, Juan C.",
                             birth_year=1990, sex="M", phones=["71234567"])
    w["candidate"] = MatchCandidate.objects.filter(
        person_a_id__in=[w["mine"].pk, w["twin"].pk], person_b_id__in=[w["mine"].pk, w["twin"].pk]).get()
    holders = holders_for(actor=inv, person=w["mine"])
    w["holder_token"] = next(iter(holders))
    w["info_request"] = request_create(actor=inv, person=w["mine"], holder_token=w["holder_token"],
                                       purpose="Same phone number as our suspect in the El Alto case")

    # Case file objects (the summary is free text a summary-scope sharing must not show).
    w["case_summary"] = "Workers locked in at night; matrix secret 7Q"
    case_services.case_update(actor=inv, case=case, expected_version=case.version, changes=case_services.CaseChanges(summary=w["case_summary"]))
    w["place"] = case_services.case_place_add(actor=inv, case=case, kind="destination", country="BO",
                                              subdivision="BO-L")
    w["task"] = case_services.case_task_add(actor=inv, case=case, title="Interview the owner")
    w["organisation"] = entity_services.case_organisation_add(actor=inv, case=case, name="Textiles Andinos SRL",
                                                              country="BO")
    w["vehicle"] = entity_services.case_vehicle_add(actor=inv, case=case, plate="2345-ABC", country="BO")
    w["account"] = entity_services.case_bank_account_add(actor=inv, case=case, number="1000-2000-3000",
                                                         bank="Banco Unión", country="BO")

    # Referrals: an NGO with an offer, a consent and a referral for the victim, a second consent to
    # withdraw, a reflection and recovery period.
    provider = w["service_provider"]
    ngo = Institution.objects.get(memberships__user=provider)
    w["ngo"] = ngo
    w["offer"] = referral_services.offer_create(actor=provider, institution=ngo, service="shelter", country="BO",
                                                subdivision="BO-L", contact="+591 2 2222222")
    w["consent"] = give_consent(inv, person=w["victim"], recipient=ngo, purpose="shelter")
    w["referral"] = referral_services.referral_create(actor=inv, person=w["victim"], service="shelter",
                                                      recipient=ngo, offer=w["offer"], needs="A bed tonight")
    w["plan_activity"] = ServicePlanItem.objects.create(referral=w["referral"], kind="activity", status="planned",
                                                        text="Medical check", created_by=provider)
    w["consent_medical"] = give_consent(inv, person=w["victim"], recipient=ngo, purpose="medical")
    w["recovery"] = services_protection.recovery_period_start(actor=inv, person=w["victim"], starts_on=today,
                                                              ends_on=today + dt.timedelta(days=30))

    _capacity_objects(w)
    _evidence_objects(w)
    _technique_objects(w)
    _proceedings_objects(w)


    _cooperation_objects(w)
    _international_objects(w)

    # Administration objects and a personal API token of the investigator.
    w["membership"] = Membership.objects.get(user=w["monitoring"])
    w["token"], _plain = account_services.token_create(actor=inv, user=inv, name="matrix")
    # A grant of access waiting for a second person: the investigator asks for the liaison to take part.
    w["grant_request"] = case_participant_add(actor=inv, case=case, user=w["liaison"])
    w["audit_entry"] = AuditEntry.objects.order_by("-seq").first()
    w["job_run"] = JobRun.objects.create(kind="reindex", started_by=w["sysadmin"])  # the administrator's own run
    assert CasePerson.objects.filter(case=case, person=w["victim"]).exists()
    return SimpleNamespace(**w)
