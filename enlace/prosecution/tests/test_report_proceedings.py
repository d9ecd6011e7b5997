"""The case file report's elements and proceedings sections, and the pages that change a charge's
status and record an appeal's outcome."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from enlace.audit.models import AuditEntry
from enlace.cases.services_persons import case_person_add
from enlace.persons.services import PersonInput
from enlace.prosecution.models import Appeal, Charge
from enlace.prosecution.services_elements import matrix_open
from enlace.prosecution.services_proceedings import (
    appeal_add,
    appeal_decide,
    charge_create,
    hearing_create,
    judgment_create,
    measure_create,
    stage_enter,
)

from .factories import make_item
from .proceedings_factories import offence, stage, suspect

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _store(settings, tmp_path):
    settings.ENLACE_FILE_STORE = tmp_path


@pytest.fixture
def proceedings(world):
    """A named victim, a suspect at imputación formal, charged, heard with the victim in a
    Gesell chamber, convicted with reparation and appealed; a measure for the victim; an open matrix."""
    victim = case_person_add(actor=world["investigator"], case=world["case"], role="victim",
                             data=PersonInput(given_names="Rosaura", first_surname="Tintaya"))
    d, pros, case_id = suspect(world), world["prosecutor"], world["case"].pk
    stage_enter(actor=pros, case_id=case_id, defendant_id=d.pk, stage_id=stage("imputacion_formal").pk,
                started_on=timezone.localdate())
    charge = charge_create(actor=pros, case_id=case_id, defendant_id=d.pk, offence_id=offence().pk)
    hearing_create(actor=pros, case_id=case_id, starts_at=timezone.now(), court="Juzgado 4.º de Sentencia",
                   kind="anticipated", victim_id=victim.pk, participation=["gesell"], defendant_ids=[d.pk])
    judgment = judgment_create(actor=pros, case_id=case_id, defendant_id=d.pk, decided_on=timezone.localdate(),
                               court="Tribunal 2.º", verdict="convicted", sentence_years="12", currency="BOB",
                               reparations=[(victim.pk, "20000", "BOB")])
    appeal = appeal_add(actor=pros, judgment_id=judgment.pk, kind="appeal", filed_on=timezone.localdate(),
                        filed_by="Defensa")
    measure_create(actor=pros, case_id=case_id, person_id=victim.pk, kind="identity", ordered_by="Juez 4.º",
                   starts_on=timezone.localdate())
    matrix_open(actor=pros, case_id=case_id, defendant_id=d.pk, offence_id=offence().pk)
    return {"victim": victim, "defendant": d, "charge": charge, "appeal": appeal}


def _text(client, world) -> str:
    r = client.get(reverse("reports:case_report", args=[world["case"].pk]))
    assert r.status_code == 200
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages).split())


def test_the_report_shows_each_element_with_its_gap_and_the_proceedings(world, client, proceedings):
    make_item(world)
    client.force_login(world["prosecutor"])
    text = _text(client, world)
    for expected in ("Elements of the offence", "Gaps before charging", "nothing linked", "Proceedings",
                     "Imputación formal", "Juzgado 4.º de Sentencia", "Gesell chamber", "Convicted", "20000",
                     "Identity kept confidential", "Defensa"):
        assert expected in text, expected
    assert proceedings["victim"].person.pseudonym in text


def test_no_identity_in_the_new_sections_unless_the_reader_revealed_it(world, client, proceedings):
    victim = proceedings["victim"].person
    names = ["Rosaura", "Tintaya"]
    client.force_login(world["prosecutor"])
    text = _text(client, world)
    assert not [n for n in names if n in text]
    client.post(f"/persons/{victim.pk}/reveal/", {"reason": "Preparing the oral trial"})
    assert names[0] in _text(client, world)


def test_the_page_changes_a_charges_status_with_its_version(world, client, proceedings):
    charge = proceedings["charge"]
    client.force_login(world["prosecutor"])
    url = reverse("prosecution:charge_status", args=[charge.pk])
    client.post(url, {f"c{charge.pk}-version": charge.version, f"c{charge.pk}-status": "filed",
                      f"c{charge.pk}-charged_on": "2026-11-02"})
    fresh = Charge.objects.get(pk=charge.pk)
    assert fresh.status == "filed" and fresh.charged_on == dt.date(2026, 11, 2)
    client.post(url, {f"c{charge.pk}-version": charge.version, f"c{charge.pk}-status": "withdrawn"})  # stale
    assert Charge.objects.get(pk=charge.pk).status == "filed"
    assert AuditEntry.objects.filter(action="proceedings.charge.status").count() == 1


def test_the_page_records_an_appeals_outcome_once(world, client, proceedings):
    appeal = proceedings["appeal"]
    client.force_login(world["prosecutor"])
    page = client.get(reverse("prosecution:proceedings", args=[world["case"].pk])).content.decode()
    assert reverse("prosecution:appeal_outcome", args=[appeal.pk]) in page
    client.post(reverse("prosecution:appeal_outcome", args=[appeal.pk]), {
        f"a{appeal.pk}-outcome": "upheld", f"a{appeal.pk}-decided_on": timezone.localdate().isoformat()})
    assert Appeal.objects.get(pk=appeal.pk).outcome == "upheld"
    with pytest.raises(ValidationError):
        appeal_decide(actor=world["prosecutor"], appeal_id=appeal.pk, outcome="overturned",
                      decided_on=timezone.localdate())
    assert Appeal.objects.get(pk=appeal.pk).outcome == "upheld"


def test_an_outcome_before_the_filing_or_pending_is_refused(world, proceedings):
    appeal = proceedings["appeal"]
    for outcome, when in (("pending", timezone.localdate()), ("upheld", appeal.filed_on - dt.timedelta(days=1))):
        with pytest.raises(ValidationError):
            appeal_decide(actor=world["prosecutor"], appeal_id=appeal.pk, outcome=outcome, decided_on=when)


def test_a_reader_who_may_not_edit_gets_404_or_403(world, client, proceedings):
    client.force_login(world["outsider"])
    r = client.post(reverse("prosecution:appeal_outcome", args=[proceedings["appeal"].pk]), {})
    assert r.status_code == 404
