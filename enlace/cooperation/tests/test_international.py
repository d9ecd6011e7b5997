"""International cooperation: MLA requests and their timeline, INTERPOL notices through the identity
gate, joint investigation teams, who sees them (the cases' access rule), and their deadlines."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from enlace.accounts.tests.factories import make_user
from enlace.audit.models import AuditEntry
from enlace.cases.models import CasePerson
from enlace.cases.tests.factories import share_case
from enlace.cooperation import jobs_intl
from enlace.cooperation.models import Notice
from enlace.cooperation.selectors_intl import (
    jit_get,
    linked_cases,
    mla_get,
    mla_list,
    notice_get,
    notice_subject,
)
from enlace.cooperation.services import liaison_name
from enlace.cooperation.services_intl import (
    JitInput,
    MlaInput,
    PartyInput,
    intl_link_case,
    jit_create,
    jit_extend,
    mla_create,
    mla_move,
    notice_create,
)
from enlace.core.errors import Conflict, Forbidden, NotFound
from enlace.links.tests.links_factories import add_person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _mla(world, actor=None, **kw):
    data = {"direction": "outgoing", "counterpart_country": "AR", "requesting_authority": "Fiscalía General, Bolivia",
            "requested_authority": "Procuración General, Argentina", "central_authority": "Cancillería",
            "legal_basis": "untoc_18", "assistance_type": "evidence", "facts": "Recruitment in El Alto",
            "law": "Art. 281 bis CP", "assistance_sought": "Statements of two witnesses in Buenos Aires",
            "deadline": TODAY + dt.timedelta(days=2), "cases": [world["case"]], **kw}
    return mla_create(actor=actor or world["investigator"], data=MlaInput(**data))


def test_an_mla_request_keeps_its_timeline_and_a_refusal_says_why(world):
    mla = _mla(world)
    assert mla.status == "draft" and mla.reference.startswith(f"MLA-{TODAY.year}-")
    inv = world["investigator"]
    mla_move(actor=inv, mla=mla, expected_version=mla.version, status="sent")
    with pytest.raises(ValidationError):
        mla_move(actor=inv, mla=mla, expected_version=mla.version, status="refused")
    mla_move(actor=inv, mla=mla, expected_version=mla.version, status="refused", note="Dual criminality not met")
    with pytest.raises(Conflict):
        mla_move(actor=inv, mla=mla, expected_version=mla.version, status="in_execution")
    assert [e.status for e in mla.events.all()] == ["draft", "sent", "refused"]
    assert mla.status_reason == "Dual criminality not met"
    assert AuditEntry.objects.filter(action="cooperation.mla_status", object_id=str(mla.pk)).count() == 2


def test_an_mla_request_validates_its_basis_and_confidentiality(world):
    with pytest.raises(ValidationError) as exc:
        _mla(world, legal_basis="treaty", confidential=True, counterpart_country="XX")
    assert {"treaty", "confidentiality_reasons", "counterpart_country"} <= set(exc.value.message_dict)


def test_who_sees_an_mla_request_follows_the_case(world):
    mla = _mla(world)
    assert mla_get(actor=world["prosecutor"], mla_id=mla.public_id) == mla  # the case's team
    for user in ("outsider", "liaison", "other_supervisor"):
        with pytest.raises(NotFound):
            mla_get(actor=world[user], mla_id=mla.public_id)
        assert mla not in mla_list(actor=world[user])
    # The national liaison of the recording institution is its point of contact: sees it, not the case.
    national = make_user("liaison", institution=world["police"], username="pol_nal")
    liaison_name(actor=None, user=national, institution=world["police"])
    assert mla_get(actor=national, mla_id=mla.public_id) == mla
    assert linked_cases(actor=national, obj=mla) == []
    assert linked_cases(actor=world["prosecutor"], obj=mla) == [world["case"]]


def test_linking_a_case_needs_to_edit_it(world):
    with pytest.raises(Forbidden):
        _mla(world, actor=world["outsider"])
    mla = _mla(world, cases=[])
    share_case(actor=world["investigator"], case=world["case"], institution=world["other"], scope="full",
               purpose="Joint work", agreement_id=world["agreement"].pk)
    with pytest.raises(Forbidden):  # reads the case in full through a sharing, edits nothing
        intl_link_case(actor=world["liaison"], obj=mla, case=world["case"])
    intl_link_case(actor=world["investigator"], obj=mla, case=world["case"])
    assert mla_get(actor=world["prosecutor"], mla_id=mla.public_id) == mla  # now through the case


def test_a_notice_shows_its_subject_by_pseudonym_to_those_who_may_not_reveal(world):
    inv = world["investigator"]
    child = add_person(inv, world["case"], role="victim", given_names="Rosaura", first_surname="Tintaya",
                       birth_year=2012, sex="F")
    subject = CasePerson.objects.get(case=world["case"], person=child)
    notice = notice_create(actor=inv, case=world["case"], colour="yellow", ncb="OCN La Paz",
                           purpose="Missing child", requested_on=TODAY, subject=subject)
    share_case(actor=inv, case=world["case"], institution=world["other"], scope="full", purpose="Search",
               agreement_id=world["agreement"].pk)
    liaison = world["liaison"]  # sees the case in full through the sharing; may not reveal
    seen = notice_get(actor=liaison, notice_id=notice.public_id)
    assert notice_subject(actor=liaison, notice=seen) == child.pseudonym
    assert "Rosaura" not in notice_subject(actor=inv, notice=seen)  # protected: a reveal is needed
    with pytest.raises(NotFound):
        notice_get(actor=world["other_supervisor"], notice_id=notice.public_id)


def test_a_notice_subject_must_be_of_its_case(world):
    other_cp = CasePerson(case_id=world["case"].pk + 999, person_id=1)
    with pytest.raises(ValidationError):
        notice_create(actor=world["investigator"], case=world["case"], colour="blue", ncb="OCN", purpose="x",
                      requested_on=TODAY, subject=other_cp)


def _jit(world, **kw):
    data = {"title": "ECI Bolivia-Chile", "legal_basis": "untoc_19", "purpose": "Network recruiting in Oruro",
            "applicable_law": "The law of the state where the team acts", "evidence_terms": "Shared by consent",
            "starts_on": TODAY - dt.timedelta(days=100), "expires_on": TODAY + dt.timedelta(days=10),
            "parties": [PartyInput("BO", "Fiscalía General", "Fiscal Quispe"),
                        PartyInput("CL", "Fiscalía Nacional", "Fiscal Soto")],
            "members": [("BO", "Sgto. Mamani", "analyst")], "cases": [world["case"]], **kw}
    return jit_create(actor=world["investigator"], data=JitInput(**data))


def test_a_joint_team_has_two_states_and_extends_by_consent(world):
    with pytest.raises(ValidationError):
        _jit(world, parties=[PartyInput("BO", "Fiscalía", "X")], members=[("PE", "Y", "")])
    with pytest.raises(ValidationError):
        _jit(world, legal_basis="bilateral")  # a bilateral team cites its agreement
    jit = _jit(world)
    old = jit.expires_on
    jit_extend(actor=world["investigator"], jit=jit, expected_version=jit.version, new_expiry=old + dt.timedelta(90),
               agreed_on=TODAY)
    jit = jit_get(actor=world["prosecutor"], jit_id=jit.public_id)
    assert jit.expires_on == old + dt.timedelta(90)
    assert [(e.previous_expiry, e.new_expiry) for e in jit.extensions.all()] == [(old, old + dt.timedelta(90))]
    with pytest.raises(NotFound):
        jit_get(actor=world["outsider"], jit_id=jit.public_id)


def test_the_deadline_job_recalls_once_a_day(world):
    mla = _mla(world)
    jit = _jit(world)
    first = jobs_intl.international_deadlines(today=TODAY)
    assert first["mla"] == 1 and first["jits"] == 1
    assert Notice.objects.filter(user=world["investigator"], kind="mla_due", reference=mla.reference).exists()
    assert Notice.objects.filter(kind="jit_expiring", reference=jit.reference).exists()
    assert jobs_intl.international_deadlines(today=TODAY) == {"mla": 0, "milestones": 0, "jits": 0}
    assert jobs_intl.international_deadlines(today=TODAY + dt.timedelta(days=1))["mla"] == 1
