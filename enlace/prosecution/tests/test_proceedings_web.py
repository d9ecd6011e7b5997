import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from enlace.accounts.services import token_create
from enlace.prosecution.models import Charge, ElementLink, Hearing
from enlace.prosecution.services_elements import matrix_open
from enlace.prosecution.services_proceedings import charge_create, hearing_create, stage_enter
from enlace.referrals.services import notify

from .factories import make_item
from .proceedings_factories import offence, stage, suspect, victim_from_screening

pytestmark = pytest.mark.django_db


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(actor=user, user=user, name='t')[1]}"}


def test_prosecutor_home_shows_hearings_deadlines_charges_stages_and_gaps(world, client):
    d = suspect(world)
    stage_enter(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=d.pk,
                stage_id=stage("investigacion_preliminar").pk, started_on=timezone.localdate() - dt.timedelta(days=15))
    charge_create(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=d.pk, offence_id=offence().pk,
                  articles="Art. 281 bis CP")
    hearing_create(actor=world["prosecutor"], case_id=world["case"].public_id, starts_at=timezone.now(),
                   court="Juzgado 9.º Cautelar", kind="precautionary")
    matrix_open(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=d.pk, offence_id=offence().pk)
    client.force_login(world["prosecutor"])
    page = client.get("/").content.decode()
    for text in ("Juzgado 9.º Cautelar", "Investigación preliminar", "Art. 281 bis CP", "nothing linked",
                 d.person.pseudonym):
        assert text in page, text
    client.force_login(world["investigator"])  # not a prosecutor: the ordinary home page
    assert "Juzgado 9.º Cautelar" not in client.get("/").content.decode()
    client.force_login(world["supervisor"])
    assert "pros" in client.get("/").content.decode()  # the unit's workload names the prosecutor


def test_pages_record_a_charge_a_hearing_and_link_evidence(world, client):
    victim = victim_from_screening(world)
    d = suspect(world)
    item = make_item(world)
    client.force_login(world["prosecutor"])
    case_id = world["case"].public_id
    assert client.get(reverse("prosecution:proceedings", args=[case_id])).status_code == 200
    r = client.post(reverse("prosecution:proceedings_add", args=[case_id, "charge"]), {
        "charge-defendant": d.pk, "charge-offence": offence().pk, "charge-status": "pending"})
    assert r.status_code == 302 and Charge.objects.filter(defendant=d).exists()
    r = client.post(reverse("prosecution:proceedings_add", args=[case_id, "hearing"]), {
        "hearing-starts_at": "2026-12-20T09:30", "hearing-court": "Tribunal 3.º", "hearing-kind": "trial",
        "hearing-victim": victim.pk, "hearing-participation": ["screens", "video"]})
    assert Hearing.objects.get(case__public_id=case_id).participation == ["screens", "video"]
    r = client.post(reverse("prosecution:proceedings_add", args=[case_id, "measure"]), {"measure-kind": "shelter"})
    assert r.status_code == 302  # refused with a message, nothing written
    assert "Check the form" in client.get(reverse("prosecution:proceedings", args=[case_id])).content.decode()
    client.post(reverse("prosecution:elements_open", args=[case_id]), {"open-defendant": d.pk,
                                                                      "open-offence": offence().pk})
    means = ElementLink.objects.get(defendant=d, element="means")
    r = client.post(reverse("prosecution:element_update", args=[means.public_id]), {
        f"e{means.pk}-version": means.version, f"e{means.pk}-status": "supported", f"e{means.pk}-evidence": [item.pk]})
    assert list(ElementLink.objects.get(pk=means.pk).evidence.all()) == [item]
    page = client.get(reverse("prosecution:elements", args=[case_id])).content.decode()
    assert "not verified against the official gazette" in page and item.exhibit_number in page
    assert client.post(reverse("prosecution:proceedings_add", args=[case_id, "nonsense"])).status_code == 404


def test_api_flow_and_the_same_404_for_strangers(world, client):
    victim = victim_from_screening(world)
    d = suspect(world)
    pros, outsider = _auth(world["prosecutor"]), _auth(world["outsider"])
    base = f"/api/v1/prosecution/cases/{world['case'].public_id}"
    r = client.post(f"{base}/stages", {"defendant_id": d.pk, "stage_id": stage("imputacion_formal").pk,
                                       "started_on": timezone.localdate().isoformat()},
                    content_type="application/json", **pros)
    assert r.status_code == 201, r.content
    r = client.post(f"{base}/charges", {"defendant_id": d.pk, "offence_id": offence().pk}, content_type="application/json",
                    **pros)
    assert r.status_code == 201
    charge = r.json()
    r = client.post(f"/api/v1/prosecution/charges/{charge['id']}/status", {"version": charge["version"],
                    "status": "filed"}, content_type="application/json", **pros)
    assert r.json()["status"] == "filed"
    r = client.post(f"/api/v1/prosecution/charges/{charge['id']}/status", {"version": charge["version"],
                    "status": "withdrawn"}, content_type="application/json", **pros)
    assert r.status_code == 409
    r = client.post(f"{base}/judgments", {"defendant_id": d.pk, "decided_on": "2026-11-30", "court": "T3",
                                          "verdict": "convicted", "sentence_years": "10.5", "currency": "BOB",
                                          "reparations": [{"victim_id": victim.pk, "amount": "15000",
                                                           "currency": "BOB"}]},
                    content_type="application/json", **pros)
    assert r.status_code == 201 and r.json()["reparations"][0]["victim_id"] == victim.pk
    r = client.post(f"{base}/elements", {"defendant_id": d.pk, "offence_id": offence().pk},
                    content_type="application/json", **pros)
    assert r.status_code == 201
    means = next(e for e in r.json()["matrices"][0]["elements"] if e["element"] == "means")
    assert means["gap"] == "nothing linked" and means["recorded_at_screening"] == ["Deception"]
    r = client.put(f"/api/v1/prosecution/elements/{means['id']}", {"version": means["version"], "status": "bogus"},
                   content_type="application/json", **pros)
    assert r.status_code == 400
    r = client.get(f"{base}/proceedings", **pros)
    assert len(r.json()["judgments"]) == 1 and r.json()["stages"][0]["stage_code"] == "imputacion_formal"
    for url in (f"{base}/proceedings", f"{base}/elements", "/api/v1/prosecution/cases/987654321/proceedings"):
        assert client.get(url, **outsider).status_code == 404


def test_notices_are_capped_and_folded_below_the_prosecutors_work(world, client):
    for n in range(12):
        notify(users=[world["prosecutor"]], kind="stage_deadline",
               params={"case_id": n, "defendant": "S-LPZ-0001", "stage": "Juicio", "deadline": "01/01/2027"})
    client.force_login(world["prosecutor"])
    page = client.get("/").content.decode()
    folded = page.index('<details class="notices card">')
    assert page.index("Hearings this week") < folded  # the day's work first
    assert page[folded:].count('name="id"') == 5 and "and 7 more unread notifications" in page
