"""Files that cross institutions (an answer's attachments, an agreement's signed document) are
stored encrypted, go only under an agreement in force, and are read by either side of the request;
the agreement and international pages work from the browser's forms and the API."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from enlace.accounts.tests.factories import InstitutionFactory, make_user
from enlace.audit.models import AuditEntry
from enlace.cooperation.models import Agreement, InformationRequest, RequestAttachment
from enlace.cooperation.services import agreement_set_status, liaison_name
from enlace.cooperation.services_requests import request_create
from enlace.cooperation.tests.factories import make_agreement
from enlace.cooperation.tests.test_views_api import api_for, client_for
from enlace.core.storage import EncryptedFileStore

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 signed copy of the agreement\n" * 20


@pytest.fixture
def border(world):
    inst = InstitutionFactory(kind="migration", code="border-f", name="Border F")
    liaison = make_user("liaison", institution=inst, username="border_f")
    liaison_name(actor=None, user=liaison, institution=inst)
    agreement = make_agreement("mou-border-f", [world["police"], inst])
    req = request_create(actor=world["investigator"], institution=inst, agreement=agreement, category="persons",
                         question="Crossings", reason="Route", case=world["case"])
    return {"liaison": liaison, "agreement": agreement, "req": req}


def _answer(client, req, files):
    return client.post(reverse("cooperation:request_answer", args=[req.public_id]),
                       {"version": req.version, "answer": "Two crossings", "attachments": files})


def test_an_answer_carries_encrypted_files_the_requester_downloads(world, border):
    req = border["req"]
    r = _answer(client_for(border["liaison"]), req, [SimpleUploadedFile("list.csv", b"date,place\n2026-01-02,X\n")])
    assert r.status_code == 302
    att = RequestAttachment.objects.get(request=req)
    raw = EncryptedFileStore().path(att.file_id).read_bytes()
    assert b"date,place" not in raw  # encrypted at rest
    got = client_for(world["investigator"]).get(reverse("cooperation:request_attachment", args=[req.public_id, att.pk]))
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"date,place\n2026-01-02,X\n"
    assert AuditEntry.objects.filter(action="cooperation.attachment_read", actor=world["investigator"]).exists()
    out = client_for(world["outsider"]).get(reverse("cooperation:request_attachment", args=[req.public_id, att.pk]))
    assert out.status_code == 404


def test_no_file_goes_when_the_agreement_is_suspended(world, border):
    a = border["agreement"]
    agreement_set_status(actor=None, agreement=a, expected_version=a.version, status="suspended")
    req = InformationRequest.objects.get(pk=border["req"].pk)
    r = _answer(client_for(border["liaison"]), req, [SimpleUploadedFile("list.csv", b"secret rows")])
    assert r.status_code == 302
    assert not RequestAttachment.objects.exists()
    assert InformationRequest.objects.get(pk=req.pk).status == "sent"


def test_an_agreement_is_written_and_its_signed_document_uploaded_from_the_pages(world):
    sup = world["supervisor"]
    ngo = InstitutionFactory(kind="ngo", code="ngo-pages", name="Casa Refugio")
    data = {"code": "mou-pages", "title": "MoU albergue", "kind": "mou", "purpose": "Shelter for victims",
            "parties": [world["police"].pk, ngo.pk], "consent_required": "on", "status": "in_force",
            "answer_days": 10, "flow1_provider": world["police"].pk, "flow1_recipient": ngo.pk,
            "flow1_categories": ["case_summary", "persons"], "in_force_from": timezone.localdate().isoformat()}
    assert client_for(world["investigator"]).get(reverse("cooperation:agreement_create")).status_code == 403
    r = client_for(sup).post(reverse("cooperation:agreement_create"), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    agreement = Agreement.objects.get(code="mou-pages")
    assert agreement.consent_required and [f.categories for f in agreement.flows.all()] == [["case_summary", "persons"]]
    r = client_for(sup).post(reverse("cooperation:agreement_upload", args=[agreement.pk]),
                             {"document": SimpleUploadedFile("mou.pdf", PDF)})
    agreement.refresh_from_db()
    assert r.status_code == 302 and agreement.document_name == "mou.pdf" and len(agreement.document_sha256) == 64
    got = client_for(sup).get(reverse("cooperation:agreement_document", args=[agreement.pk]))
    assert b"".join(got.streaming_content) == PDF


def test_the_international_and_plan_pages_work_from_their_forms(world):
    inv, sup = client_for(world["investigator"]), client_for(world["supervisor"])
    today = timezone.localdate()
    r = inv.post(reverse("cooperation:mla_create") + f"?case={world['case'].public_id}", {
        "direction": "outgoing", "counterpart_country": "AR", "requesting_authority": "Fiscalía, Bolivia",
        "requested_authority": "Procuración, Argentina", "central_authority": "Cancillería",
        "legal_basis": "untoc_18", "assistance_type": "documents", "facts": "Facts", "law": "Law",
        "assistance_sought": "Bank records", "deadline": (today + dt.timedelta(30)).isoformat()})
    assert r.status_code == 302
    detail = inv.get(r.url).content.decode()
    assert world["case"].title in detail and "Bank records" in detail
    r = inv.post(reverse("cooperation:jit_create"), {
        "title": "ECI", "legal_basis": "untoc_19", "purpose": "P", "applicable_law": "L", "evidence_terms": "T",
        "starts_on": today.isoformat(), "expires_on": (today + dt.timedelta(200)).isoformat(),
        "party1_country": "BO", "party1_authority": "FGE", "party1_leader": "A",
        "party2_country": "CL", "party2_authority": "FN", "party2_leader": "B", "members": "CL; Inspector Soto; analyst"})
    assert r.status_code == 302 and "Inspector Soto" in inv.get(r.url).content.decode()
    r = sup.post(reverse("cooperation:plan_create"), {
        "code": "POC-P", "title": "Plan", "institutions": [world["police"].pk, world["fiscalia"].pk],
        "starts_on": today.isoformat(), "ends_on": (today + dt.timedelta(100)).isoformat()})
    assert r.status_code == 302
    plan_url = r.url
    sup.post(plan_url + "add/milestone/", {"title": "Joint training", "due_on": today.isoformat()})
    assert "Joint training" in sup.get(plan_url).content.decode()
    mla = api_for(world["prosecutor"]).get("/cooperation/mla").json()
    assert [m["cases"] for m in mla] == [[str(world["case"].public_id)]]
    assert api_for(world["outsider"]).get("/cooperation/mla").json() == []
    for name in ("cooperation:international", "cooperation:plans"):
        assert inv.get(reverse(name)).status_code == 200
    assert client_for(world["monitoring"]).get(reverse("cooperation:plans_review")).status_code == 200


@pytest.mark.parametrize("lapse", ["suspended", "expired", "narrowed"])
def test_an_answer_file_is_not_served_once_its_agreement_no_longer_allows_it(world, border, lapse):
    """Checked when the file is read, not only when it was sent: the same 404 as a missing file."""
    req = border["req"]
    _answer(client_for(border["liaison"]), req, [SimpleUploadedFile("list.csv", b"date,place\n2026-01-02,X\n")])
    att = RequestAttachment.objects.get(request=req)
    url = reverse("cooperation:request_attachment", args=[req.public_id, att.pk])
    missing = reverse("cooperation:request_attachment", args=[req.public_id, att.pk + 1000])
    requester = client_for(world["investigator"])
    assert requester.get(url).status_code == 200
    a = Agreement.objects.get(pk=border["agreement"].pk)
    if lapse == "suspended":
        agreement_set_status(actor=None, agreement=a, expected_version=a.version, status="suspended")
    elif lapse == "expired":
        Agreement.objects.filter(pk=a.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    else:  # still in force, but persons no longer flow to the police
        a.flows.filter(recipient=world["police"]).update(categories=["statistics"])
    gone, absent = requester.get(url), requester.get(missing)
    assert gone.status_code == absent.status_code == 404
    page = requester.get(reverse("cooperation:request_detail", args=[req.public_id])).content.decode()
    assert "Two crossings" not in page and "Withheld" in page and url not in page
    body = api_for(world["investigator"]).get(f"/cooperation/requests/{req.public_id}").json()
    assert body["answer"] == "" and body["answer_withheld"] is True
    listed = api_for(world["investigator"]).get("/cooperation/requests?direction=outgoing").json()
    assert [r["answer"] for r in listed] == [""]
    # The answering side still reads its own answer and file.
    assert client_for(border["liaison"]).get(url).status_code == 200
