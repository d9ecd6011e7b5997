import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from enlace.core.storage import EncryptedFileStore
from enlace.prosecution.models import CustodyEvent, EvidenceFile
from enlace.prosecution.services import custody_transfer, evidence_file_add
from enlace.prosecution.sniffing import sniff

from .factories import PDF, add_pdf, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _store(settings, tmp_path):
    settings.ENLACE_FILE_STORE = tmp_path


def _flip_a_byte(evidence_file):
    path = EncryptedFileStore().path(evidence_file.file_id)
    raw = bytearray(path.read_bytes())
    raw[-20] ^= 0x01
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("head,expected", [
    (b"%PDF-1.4", "application/pdf"), (b"\x89PNG\r\n\x1a\n....", "image/png"), (b"\xff\xd8\xff\xe0", "image/jpeg"),
    (b"ID3\x04", "audio/mpeg"), (b"\x00\x00\x00\x18ftypmp42", "video/mp4"), (b"PK\x03\x04", "application/zip"),
    ("Declaración de la víctima".encode(), "text/plain"), (b"<!DOCTYPE html><script>", None),
    (b"  <html><body>", None), (b"MZ\x90\x00\x03\x00", None), ("á".encode()[:1], "text/plain"),
])
def test_content_is_sniffed_not_trusted(head, expected):
    assert sniff(head) == expected


def test_upload_stores_encrypted_with_the_sha256_of_the_content(world, tmp_path):
    item = make_item(world, kind="digital")
    f = add_pdf(world, item)
    assert f.sha256 == hashlib.sha256(PDF).hexdigest() and f.size == len(PDF) and f.content_type == "application/pdf"
    on_disk = EncryptedFileStore().path(f.file_id).read_bytes()
    assert b"workshop owner" not in on_disk


def test_html_disguised_as_pdf_is_refused(world):
    item = make_item(world)
    with pytest.raises(ValidationError):
        evidence_file_add(actor=world["investigator"], item_id=item.pk, name="ledger.pdf",
                          stream=io.BytesIO(b"<html><script>alert(1)</script></html>"))
    assert not EvidenceFile.objects.exists()


def test_upload_over_the_limit_is_refused_and_leaves_no_file(world, tmp_path):
    item = make_item(world)
    with pytest.raises(ValidationError):
        evidence_file_add(actor=world["investigator"], item_id=item.pk, name="big.txt",
                          stream=io.BytesIO(b"a" * 300_000), max_bytes=200_000)
    assert not EvidenceFile.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_transfer_reverifies_the_files(world):
    item = make_item(world, kind="digital")
    f = add_pdf(world, item)
    _flip_a_byte(f)
    event = custody_transfer(actor=world["investigator"], item_id=item.pk, to_user=world["prosecutor"])
    assert CustodyEvent.objects.get(pk=event.pk).files_verified is False


def test_download_reverifies_and_refuses_a_changed_file(world, client):
    item = make_item(world, kind="digital")
    f = add_pdf(world, item)
    client.force_login(world["prosecutor"])
    response = client.get(f"/prosecution/evidence-files/{f.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    _flip_a_byte(f)
    response = client.get(f"/prosecution/evidence-files/{f.pk}/")
    assert response.status_code == 302 and not hasattr(response, "streaming_content")


def test_evidence_verify_reports_a_changed_byte(world, capsys):
    item = make_item(world, kind="digital")
    good, bad = add_pdf(world, item), add_pdf(world, item)
    call_command("evidence", "verify")
    assert "2 verified" in capsys.readouterr().out
    _flip_a_byte(bad)
    with pytest.raises(CommandError) as exc:
        call_command("evidence", "verify", "--case", "FELCC-LP-2026-001")
    out = capsys.readouterr().out
    assert f"file {bad.pk}" in out and f"file {good.pk}" not in out and "1 of 2" in str(exc.value)


def test_evidence_verify_exits_1_from_the_command_line(world, capsys):
    item = make_item(world, kind="digital")
    _flip_a_byte(add_pdf(world, item))
    with pytest.raises(SystemExit) as exc:
        execute_from_command_line(["enlace", "evidence", "verify"])
    assert exc.value.code == 1


def test_upload_page_stores_the_file_and_refuses_html(world, client):
    item = make_item(world, kind="digital")
    client.force_login(world["prosecutor"])
    png = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    png.name = "photo.png"
    assert client.post(f"/prosecution/evidence/{item.public_id}/files/", {"file": png}).status_code == 302
    html = io.BytesIO(b"<!doctype html><script>alert(1)</script>")
    html.name = "photo.png"
    client.post(f"/prosecution/evidence/{item.public_id}/files/", {"file": html})
    assert list(EvidenceFile.objects.values_list("content_type", flat=True)) == ["image/png"]


def test_upload_declaring_more_than_the_limit_is_refused_before_reading(world, client, settings):
    settings.ENLACE_EVIDENCE_UPLOAD_MAX_BYTES = 1000
    item = make_item(world, kind="digital")
    client.force_login(world["prosecutor"])
    big = io.BytesIO(b"a" * 200_000)
    big.name = "notes.txt"
    client.post(f"/prosecution/evidence/{item.public_id}/files/", {"file": big})
    assert not EvidenceFile.objects.exists()
