"""The pages and the API say why a disclosure is refused, and carry a request from question to answer."""

import pytest
from django.test import Client
from django.urls import reverse

from enlace.accounts.models import AccessGrantRequest, GrantStatus
from enlace.accounts.services_grants import grant_approve
from enlace.accounts.tests.factories import InstitutionFactory, make_user
from enlace.api.tests.conftest import ApiClient, make_token
from enlace.cases.models import CaseSharing
from enlace.cooperation.models import InformationRequest
from enlace.cooperation.services import liaison_name
from enlace.cooperation.tests.factories import make_agreement

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def api_for(user) -> ApiClient:
    return ApiClient(f"Bearer {make_token(user)}")


def test_the_sharing_form_says_which_agreement_is_missing(world):
    ngo = InstitutionFactory(kind="ngo", code="ngo-ui", name="Fundación UI")
    url = reverse("cases:sharing_add", args=[world["case"].public_id])
    r = client_for(world["investigator"]).post(url, {"institution": ngo.pk, "scope": "full", "purpose": "Shelter"})
    assert r.status_code == 200
    text = r.content.decode()
    assert "no agreement in force" in text and "Persons by pseudonym" in text and "Fundación UI" in text
    assert not CaseSharing.objects.exists()
    make_agreement("mou-ui", [world["police"], ngo])
    r = client_for(world["investigator"]).post(url, {"institution": ngo.pk, "scope": "full", "purpose": "Shelter"})
    assert r.status_code == 302 and not CaseSharing.objects.exists()  # asked: a second person approves
    req = AccessGrantRequest.objects.get(status=GrantStatus.PENDING)
    assert req.payload["institution_id"] == ngo.pk
    grant_approve(actor=world["supervisor"], request_id=req.pk)
    assert CaseSharing.objects.get().institution == ngo


@pytest.mark.parametrize("scope", ["summary", "full"])
def test_the_api_refuses_a_sharing_without_agreement_with_its_reason(world, scope):
    ngo = InstitutionFactory(kind="ngo", code="ngo-api", name="Fundación API")
    api = api_for(world["investigator"])
    path = f"/cooperation/cases/{world['case'].public_id}/sharings"
    r = api.post(path, {"institution": "ngo-api", "scope": scope, "purpose": "Shelter"})
    assert r.status_code == 403 and "no agreement in force" in r.json()["message"]
    agreement = make_agreement("mou-api", [world["police"], ngo])
    r = api.post(path, {"institution": "ngo-api", "scope": scope, "purpose": "Shelter"})
    assert r.status_code == 202 and r.json()["agreement_id"] == agreement.pk and r.json()["status"] == "pending"
    grant_approve(actor=world["supervisor"], request_id=r.json()["request_id"])
    assert CaseSharing.objects.get().agreement_id == agreement.pk


def test_the_api_refuses_the_other_direction(world):
    ngo = InstitutionFactory(kind="ngo", code="ngo-dir")
    make_agreement("mou-dir", [ngo, world["police"]], both_ways=False)  # only the NGO sends
    r = api_for(world["investigator"]).post(f"/cooperation/cases/{world['case'].public_id}/sharings",
                                            {"institution": "ngo-dir", "scope": "summary", "purpose": "x"})
    assert r.status_code == 403


def test_a_request_from_the_api_to_the_liaisons_page_and_back(world):
    border = InstitutionFactory(kind="migration", code="border-x", name="Border X")
    liaison = make_user("liaison", institution=border, username="border_liaison")
    liaison_name(actor=None, user=liaison, institution=border)
    agreement = make_agreement("mou-border-x", [world["police"], border])
    r = api_for(world["investigator"]).post("/cooperation/requests", {
        "institution": "border-x", "agreement_id": agreement.pk, "category": "persons",
        "question": "Crossings", "reason": "Route", "case_id": str(world["case"].public_id)})
    assert r.status_code == 201, r.content
    ref = r.json()["reference"]
    home = client_for(liaison).get("/")  # the liaison's home page is the workspace
    assert ref in home.content.decode() and "Requests to answer" in home.content.decode()
    req = InformationRequest.objects.get(reference=ref)
    r = client_for(liaison).post(reverse("cooperation:request_answer", args=[req.public_id]),
                                 {"version": req.version, "answer": "Two crossings at Desaguadero"})
    assert r.status_code == 302
    answer = api_for(world["investigator"]).get(f"/cooperation/requests/{req.public_id}").json()
    assert answer["status"] == "answered" and answer["answer"] == "Two crossings at Desaguadero"
    assert api_for(world["outsider"]).get(f"/cooperation/requests/{req.public_id}").status_code == 404


def test_the_pages_render(world):
    c = client_for(world["investigator"])
    for name in ("cooperation:home", "cooperation:agreements", "cooperation:liaisons", "cooperation:requests",
                 "cooperation:request_create"):
        assert c.get(reverse(name)).status_code == 200, name
    assert c.get(reverse("cooperation:agreement_detail", args=[world["agreement"].pk])).status_code == 200
