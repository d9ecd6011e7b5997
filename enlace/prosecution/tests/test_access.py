"""Only users with full access to the case reach the evidence; everyone else gets the same 404."""

import uuid

import pytest

from enlace.audit.models import AuditEntry
from enlace.cases.tests.factories import share_case
from enlace.web.tests.test_access_matrix import normalised

from .factories import add_pdf, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _store(settings, tmp_path):
    settings.ENLACE_FILE_STORE = tmp_path


def _pages(w, item, f):
    return [f"/prosecution/cases/{w['case'].public_id}/evidence/", f"/prosecution/evidence/{item.public_id}/",
            f"/prosecution/evidence-files/{f.pk}/", f"/api/v1/prosecution/evidence/{item.public_id}",
            f"/api/v1/prosecution/cases/{w['case'].public_id}/evidence", f"/api/v1/prosecution/evidence-files/{f.pk}"]


def _missing(w):
    gone = uuid.uuid4()  # a public id no row has
    return [f"/prosecution/cases/{gone}/evidence/", f"/prosecution/evidence/{gone}/",
            "/prosecution/evidence-files/987654321/", f"/api/v1/prosecution/evidence/{gone}",
            f"/api/v1/prosecution/cases/{gone}/evidence", "/api/v1/prosecution/evidence-files/987654321"]


@pytest.mark.parametrize("who", ["outsider", "other_supervisor", "liaison", "auditor", "sysadmin", "screener"])
def test_without_full_access_the_same_404_as_missing(world, client, who):
    item = make_item(world, kind="digital")
    f = add_pdf(world, item)
    if who == "liaison":  # a summary sharing is not full access
        share_case(actor=world["investigator"], case=world["case"], institution=world["other"],
                            scope="summary", purpose="Coordination")
    client.force_login(world[who])
    for url, missing in zip(_pages(world, item, f), _missing(world), strict=True):
        got, absent = client.get(url), client.get(missing)
        assert got.status_code == 404 == absent.status_code, url
        assert normalised(got) == normalised(absent), url


@pytest.mark.parametrize("who", ["investigator", "prosecutor", "supervisor"])
def test_full_access_reads_and_every_read_is_audited(world, client, who):
    item = make_item(world)
    client.force_login(world[who])
    assert client.get(f"/prosecution/evidence/{item.public_id}/").status_code == 200
    assert AuditEntry.objects.filter(action="evidence.read", object_id=str(item.pk), actor=world[who]).exists()


def test_case_page_links_to_the_evidence_only_with_full_access(world, client):
    client.force_login(world["prosecutor"])
    assert f"/prosecution/cases/{world['case'].public_id}/evidence/" in client.get(f"/cases/{world['case'].public_id}/").content.decode()
