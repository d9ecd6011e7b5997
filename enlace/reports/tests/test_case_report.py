"""The case file report: a PDF attachment, marked on every page with its reader and time, showing
protected persons by pseudonym unless the reader's own reveal is in force, and audited."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from enlace.audit.models import AuditEntry
from enlace.cases.services import case_event_add
from enlace.cases.services_persons import case_person_add
from enlace.persons.services import PersonInput
from enlace.prosecution.tests.factories import make_item
from enlace.web.tests.test_access_matrix import normalised

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _store(settings, tmp_path):
    settings.ENLACE_FILE_STORE = tmp_path


@pytest.fixture
def victim(world):
    return case_person_add(actor=world["investigator"], case=world["case"], role="victim",
                           data=PersonInput(given_names="Rosaura", first_surname="Tintaya")).person


def _url(world) -> str:
    return f"/reports/cases/{world['case'].public_id}/report.pdf"


def _pages(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def test_the_pdf_shows_the_pseudonym_and_no_identity_without_a_reveal(world, client, victim):
    make_item(world)
    client.force_login(world["prosecutor"])
    response = client.get(_url(world))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = "\n".join(_pages(response))
    assert "Rosaura" not in text and "Tintaya" not in text
    assert victim.pseudonym in text
    assert "EV-001" in text and "Ledger of wages" in text  # the evidence section, from prosecution


def test_the_name_appears_after_the_readers_own_reveal_only(world, client, victim):
    client.force_login(world["prosecutor"])
    revealed = client.post(f"/persons/{victim.public_id}/reveal/", {"reason": "Preparing the indictment hearing"})
    assert revealed.status_code in (200, 302)
    assert "Rosaura" in "\n".join(_pages(client.get(_url(world))))
    client.force_login(world["investigator"])  # another reader: the prosecutor's reveal is not theirs
    assert "Rosaura" not in "\n".join(_pages(client.get(_url(world))))


def test_every_page_is_marked_with_the_reader_and_the_time(world, client, victim):
    for n in range(60):  # enough timeline rows for several pages
        case_event_add(actor=world["investigator"], case=world["case"], kind="other", occurred_on=dt.date(2026, 3, 1),
                       description=f"Diligencia número {n}")
    client.force_login(world["prosecutor"])
    pages = _pages(client.get(_url(world)))
    assert len(pages) > 1
    assert all(world["prosecutor"].username in page and "Made for" in page for page in pages)


def test_the_download_is_audited(world, client):
    client.force_login(world["investigator"])
    client.get(_url(world))
    entry = AuditEntry.objects.get(action="case.report", actor=world["investigator"])
    assert entry.object_id == str(world["case"].pk)


@pytest.mark.parametrize("who", ["outsider", "other_supervisor", "auditor", "sysadmin"])
def test_without_full_access_the_same_404_as_missing(world, client, who):
    client.force_login(world[who])
    got, missing = client.get(_url(world)), client.get("/reports/cases/987654321/report.pdf")
    assert got.status_code == 404 == missing.status_code
    assert normalised(got) == normalised(missing)
    assert not AuditEntry.objects.filter(action="case.report").exists()


def test_the_case_page_links_to_the_report(world, client):
    client.force_login(world["investigator"])
    assert _url(world) in client.get(f"/cases/{world['case'].public_id}/").content.decode()
