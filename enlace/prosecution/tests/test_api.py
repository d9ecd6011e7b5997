import io

import pytest

from enlace.accounts.services import token_create
from enlace.prosecution.models import CustodyEvent

from .factories import PDF, laboratory, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _store(settings, tmp_path):
    settings.ENLACE_FILE_STORE = tmp_path


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(actor=user, user=user, name='t')[1]}"}


def test_register_hand_over_confirm_upload_and_download(world, client):
    inv, pros = _auth(world["investigator"]), _auth(world["prosecutor"])
    case_id = world["case"].public_id
    r = client.post(f"/api/v1/prosecution/cases/{case_id}/evidence", {"exhibit_number": "EV-7", "kind": "digital",
                    "description": "Phone of the recruiter"}, content_type="application/json", **inv)
    assert r.status_code == 201, r.content
    item_id = r.json()["id"]
    assert r.json()["custodian"] == "inv"
    r = client.post(f"/api/v1/prosecution/evidence/{item_id}/files", {"file": io.BytesIO(PDF)}, **inv)
    assert r.status_code == 201 and r.json()["content_type"] == "application/pdf"
    file_id = r.json()["id"]
    r = client.post(f"/api/v1/prosecution/evidence/{item_id}/transfer", {"to_user_id": world["prosecutor"].pk},
                    content_type="application/json", **pros)
    assert r.status_code == 400  # not the custodian
    r = client.post(f"/api/v1/prosecution/evidence/{item_id}/transfer", {"to_user_id": world["prosecutor"].pk,
                    "seal_intact": True}, content_type="application/json", **inv)
    assert r.status_code == 201 and r.json()["files_verified"] is True
    assert client.get(f"/api/v1/prosecution/evidence/{item_id}", **inv).json()["pending_transfer"] == r.json()["id"]
    r = client.post(f"/api/v1/prosecution/evidence/{item_id}/confirm", {}, content_type="application/json", **pros)
    assert r.status_code == 201
    assert client.get(f"/api/v1/prosecution/evidence/{item_id}", **inv).json()["custodian"] == "pros"
    r = client.get(f"/api/v1/prosecution/evidence-files/{file_id}", **pros)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert r["Content-Disposition"].startswith("attachment")
    assert CustodyEvent.objects.filter(item__public_id=item_id).count() == 3


def test_hand_over_to_a_laboratory_and_refused_upload(world, client):
    inv = _auth(world["investigator"])
    item = make_item(world)
    lab = laboratory()
    r = client.post(f"/api/v1/prosecution/evidence/{item.public_id}/transfer", {"to_external_id": lab.pk},
                    content_type="application/json", **inv)
    assert r.status_code == 400 and "receipt_reference" in r.json()["errors"]
    r = client.post(f"/api/v1/prosecution/evidence/{item.public_id}/transfer", {"to_external_id": lab.pk,
                    "receipt_reference": "IDIF-77"}, content_type="application/json", **inv)
    assert r.status_code == 201
    assert client.get(f"/api/v1/prosecution/evidence/{item.public_id}", **inv).json()["external_custodian"] == lab.name
    r = client.post(f"/api/v1/prosecution/evidence/{item.public_id}/files", {"file": io.BytesIO(b"<html>x</html>")}, **inv)
    assert r.status_code == 400
