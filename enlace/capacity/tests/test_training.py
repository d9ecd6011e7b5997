"""Courses, participants, the attendance import (all or nothing) and the Open Badges export."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from enlace.audit.models import AuditEntry
from enlace.capacity import badges, services_training
from enlace.capacity.models import Participation
from enlace.core.errors import Forbidden

from .factories import capacity_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = capacity_world()
    m = w["manager"]
    w["course"] = services_training.course_create(
        actor=m, title="Investigación de la trata de personas", provider="unodc", hours=40, modality="in_person",
        competencies=["tip_investigation", "financial_investigation"], modules=["Marco legal", "Finanzas"],
        validity_months=24)
    w["session"] = services_training.session_create(actor=m, course=w["course"], starts_on=dt.date(2009, 5, 11),
                                                    ends_on=dt.date(2009, 5, 15), place="La Paz",
                                                    trainers="UNODC")
    w["ramiro"] = services_training.staff_create(actor=m, full_name="Ramiro Quispe Apaza", institution=w["police"],
                                                 unit=w["police_unit"], position="Investigador")
    w["gladys"] = services_training.staff_create(actor=m, full_name="Gladys Vargas Rojas", institution=w["police"],
                                                 unit=w["police_unit"])
    return w


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_expiry_is_the_issue_date_plus_the_courses_validity(w):
    p = services_training.participation_record(actor=w["manager"], session=w["session"], staff=w["ramiro"],
                                               completed=True)
    assert (p.certificate_on, p.certificate_expires_on) == (dt.date(2009, 5, 15), dt.date(2011, 5, 15))
    assert services_training.expiry_for(w["course"], dt.date(2010, 2, 28)) == dt.date(2012, 2, 28)
    w["course"].validity_months = 12
    assert services_training.expiry_for(w["course"], dt.date(2008, 2, 29)) == dt.date(2009, 2, 28)


def test_import_matches_names_regardless_of_order_case_and_accents(w):
    data = _csv("nombre;asistio;aprobo\nQUISPE APAZA, Ramiro;sí;sí\ngladys vargas rojas;si;no\n")
    report = services_training.attendance_import(actor=w["manager"], session=w["session"], data=data,
                                                 filename="lista.csv")
    assert (report.invalid, report.unmatched, report.written) == ([], [], 2)
    ramiro = Participation.objects.get(staff=w["ramiro"])
    assert ramiro.completed and ramiro.certificate_expires_on == dt.date(2011, 5, 15)
    assert not Participation.objects.get(staff=w["gladys"]).completed
    entry = AuditEntry.objects.get(action="capacity.attendance.import")
    assert "Ramiro" not in str(entry.details) and "Quispe" not in str(entry.details)


def test_unmatched_names_are_reported_and_nothing_is_written_until_the_user_chooses(w):
    data = _csv("name,attended,completed\nRamiro Quispe Apaza,yes,yes\nPedro Nadie,yes,yes\n")
    report = services_training.attendance_import(actor=w["manager"], session=w["session"], data=data,
                                                 filename="a.csv")
    assert report.unmatched == [(3, "Pedro Nadie")] and report.needs_choice and report.written == 0
    assert not Participation.objects.exists()
    report = services_training.attendance_import(actor=w["manager"], session=w["session"], data=data,
                                                 filename="a.csv", import_matched=True)
    assert report.written == 1 and list(Participation.objects.values_list("staff", flat=True)) == [w["ramiro"].pk]


def test_one_invalid_row_writes_nothing_and_every_problem_is_reported(w):
    data = _csv("name,attended,completed,certificate_on\nRamiro Quispe Apaza,yes,yes,2009-05-15\n"
                "Gladys Vargas Rojas,maybe,yes,\n,yes,no,\nRamiro Quispe Apaza,yes,no,\n"
                "Juan Pérez,no,yes,31/02/2009\n")
    report = services_training.attendance_import(actor=w["manager"], session=w["session"], data=data,
                                                 filename="a.csv", import_matched=True)
    assert [line for line, _reason in report.invalid] == [3, 4, 5, 6]
    reasons = dict(report.invalid)
    assert "date" in reasons[6] and "without attending" in reasons[6] and "same name as row 2" in reasons[5]
    assert report.written == 0 and not Participation.objects.exists()
    assert not AuditEntry.objects.filter(action="capacity.attendance.import").exists()


def test_xlsx_with_spreadsheet_dates(w):
    book = Workbook()
    sheet = book.active
    sheet.append(["Nombre", "Asistió", "Aprobó", "Fecha certificado"])
    sheet.append(["Gladys Vargas Rojas", "x", "x", dt.datetime(2009, 6, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    report = services_training.attendance_import(actor=w["manager"], session=w["session"], data=buffer.getvalue(),
                                                 filename="lista.xlsx")
    assert report.written == 1
    assert Participation.objects.get().certificate_on == dt.date(2009, 6, 1)


def test_a_broken_file_is_a_report_not_an_error(w):
    report = services_training.attendance_import(actor=w["manager"], session=w["session"], data=b"PK\x03\x04junk",
                                                 filename="lista.xlsx")
    assert report.invalid and report.invalid[0][0] == 0 and report.written == 0


def test_only_the_manager_imports(w):
    with pytest.raises(Forbidden):
        services_training.attendance_import(actor=w["officer_a"], session=w["session"], data=b"name\nX\n",
                                            filename="a.csv")


def test_open_badge_credential(w):
    p = services_training.participation_record(actor=w["manager"], session=w["session"], staff=w["ramiro"],
                                               completed=True)
    badge = badges.open_badge(p)
    assert badge["@context"] == ["https://www.w3.org/ns/credentials/v2",
                                 "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["id"] == f"urn:uuid:{p.certificate_uid}"
    assert badge["validFrom"] == "2009-05-15T00:00:00Z" and badge["validUntil"] == "2011-05-15T00:00:00Z"
    subject = badge["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["type"] == ["Achievement"] and subject["achievement"]["name"] == w["course"].title
    assert subject["identifier"][0]["hashed"] is True
    assert "Ramiro" not in str(badge) and "proof" not in badge  # unsigned, name only as a salted hash


def test_with_an_issuer_key_the_badge_is_a_signed_vc_jwt(w, tmp_path, settings):
    import base64
    import json as jsonlib

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from django.test import Client
    from django.urls import reverse

    key = Ed25519PrivateKey.generate()
    path = tmp_path / "issuer.pem"
    path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    settings.ENLACE_BADGE_ISSUER_KEY_FILE = str(path)
    p = services_training.participation_record(actor=w["manager"], session=w["session"], staff=w["ramiro"],
                                               completed=True)
    c = Client()
    c.force_login(w["manager"])
    r = c.get(reverse("capacity:badge", args=[p.pk]))
    assert r["Content-Type"] == "application/vc+jwt"
    header, payload, signature = r.content.decode().split(".")

    def unb64(part: str) -> bytes:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))

    key.public_key().verify(unb64(signature), f"{header}.{payload}".encode())  # raises if it does not verify
    claims = jsonlib.loads(unb64(payload))
    assert jsonlib.loads(unb64(header))["alg"] == "EdDSA"
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["jti"] == f"urn:uuid:{p.certificate_uid}" and claims["exp"] > claims["nbf"]
