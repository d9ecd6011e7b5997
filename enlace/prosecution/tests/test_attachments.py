"""Files on a case's notes, events and persons: encrypted at rest with their SHA-256, checked on
download and by ``evidence verify``, refused by content and size, a protected person's file only
through the identity gate."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from enlace.audit.models import AuditEntry
from enlace.cases.services import case_event_add, case_note_add
from enlace.core.storage import EncryptedFileStore
from enlace.prosecution.models import Attachment
from enlace.prosecution.services_attachments import attachment_add
from enlace.web.tests.test_access_matrix import normalised

from .factories import PDF
from .proceedings_factories import suspect, witness

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _store(settings, tmp_path):
    settings.ENLACE_FILE_STORE = tmp_path


def _note(world):
    return case_note_add(actor=world["investigator"], case=world["case"], text="Acta de allanamiento")


def _attach(world, target, target_id, data=PDF, name="acta.pdf", **kw):
    return attachment_add(actor=world["investigator"], case_id=world["case"].public_id, target=target, target_id=target_id,
                          name=name, stream=io.BytesIO(data), **kw)


def _flip(attachment):
    path = EncryptedFileStore().path(attachment.file_id)
    raw = bytearray(path.read_bytes())
    raw[-20] ^= 0x01
    path.write_bytes(bytes(raw))


def test_a_note_file_is_stored_encrypted_with_its_sha256(world):
    a = _attach(world, "note", _note(world).pk)
    assert a.sha256 == hashlib.sha256(PDF).hexdigest() and a.size == len(PDF) and a.content_type == "application/pdf"
    assert b"workshop owner" not in EncryptedFileStore().path(a.file_id).read_bytes()
    assert AuditEntry.objects.filter(action="attachment.add", object_id=str(a.pk)).exists()


def test_an_event_and_a_suspect_take_files_too(world):
    from enlace.cases.models import CaseEvent

    case_event_add(actor=world["investigator"], case=world["case"], kind="other",
                   occurred_on=timezone.localdate(world["case"].created_at), description="Allanamiento")
    event = CaseEvent.objects.filter(case=world["case"]).latest("id")
    assert _attach(world, "event", event.pk).event_id == event.pk
    person = suspect(world).person
    assert _attach(world, "person", person.pk).person_id == person.pk


def test_only_a_target_of_this_case(world):
    from enlace.cases.services import case_create

    other = case_create(actor=world["investigator"], title="Otro caso", lead_institution=world["police"],
                        lead_unit=world["lpz"], team=world["team"], reference_number="FELCC-LP-2026-099")
    foreign = case_note_add(actor=world["investigator"], case=other, text="Otra nota")
    with pytest.raises(ValidationError):
        _attach(world, "note", foreign.pk)
    with pytest.raises(ValidationError):
        _attach(world, "elsewhere", 1)
    assert not Attachment.objects.exists() and not list(EncryptedFileStore().root.rglob("*"))


def test_html_is_refused_and_the_limit_leaves_no_file(world):
    note = _note(world)
    with pytest.raises(ValidationError):
        _attach(world, "note", note.pk, data=b"<html><script>alert(1)</script></html>", name="x.pdf")
    with pytest.raises(ValidationError):
        _attach(world, "note", note.pk, data=b"a" * 5000, name="big.txt", max_bytes=1000)
    assert not Attachment.objects.exists()
    assert not [p for p in EncryptedFileStore().root.rglob("*") if p.is_file()]


def test_download_is_an_audited_attachment_and_a_changed_byte_is_not_sent(world, client):
    a = _attach(world, "note", _note(world).pk)
    client.force_login(world["prosecutor"])
    r = client.get(reverse("prosecution:attachment_file", args=[a.public_id]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert r["Content-Disposition"] == f'attachment; filename="attachment-{a.pk}"'
    assert r["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(action="attachment.download", actor=world["prosecutor"]).exists()
    _flip(a)
    r = client.get(reverse("prosecution:attachment_file", args=[a.public_id]))
    assert r.status_code == 302
    assert AuditEntry.objects.filter(action="attachment.mismatch").exists()


def test_evidence_verify_reports_a_changed_attachment(world, capsys):
    a = _attach(world, "note", _note(world).pk)
    call_command("evidence", "verify")
    _flip(a)
    with pytest.raises(CommandError):
        call_command("evidence", "verify")
    assert f"attachment {a.pk}" in capsys.readouterr().out


def test_a_protected_persons_file_only_through_the_identity_gate(world, client):
    w = witness(world)
    a = _attach(world, "person", w.person.pk, name="foto-Ana-Flores.txt", data=b"photo")
    client.force_login(world["prosecutor"])
    page = client.get(reverse("prosecution:attachments", args=[world["case"].public_id])).content.decode()
    assert "foto-Ana-Flores" not in page and w.person.pseudonym in page
    missing = client.get(reverse("prosecution:attachment_file", args=["00000000-0000-4000-8000-000000000000"]))
    hidden = client.get(reverse("prosecution:attachment_file", args=[a.public_id]))
    assert hidden.status_code == missing.status_code == 404 and normalised(hidden) == normalised(missing)
    client.post(f"/persons/{w.person.public_id}/reveal/", {"reason": "Preparing the anticipated testimony"})
    page = client.get(reverse("prosecution:attachments", args=[world["case"].public_id])).content.decode()
    assert "foto-Ana-Flores" in page
    assert client.get(reverse("prosecution:attachment_file", args=[a.public_id])).status_code == 200


def test_the_page_uploads_and_a_reader_without_full_access_gets_404(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    note = _note(world)
    client.force_login(world["investigator"])
    r = client.post(reverse("prosecution:attachment_upload", args=[world["case"].public_id]), {
        "target": f"note:{note.pk}", "file": SimpleUploadedFile("acta.pdf", PDF)})
    assert r.status_code == 302 and Attachment.objects.get().note_id == note.pk
    client.force_login(world["outsider"])
    assert client.get(reverse("prosecution:attachments", args=[world["case"].public_id])).status_code == 404
