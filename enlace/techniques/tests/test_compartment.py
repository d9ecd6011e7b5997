"""The compartment: only the users named on an authorisation see it, even inside the case team;
everyone else gets the same 404 as for a missing id, and the case page says nothing of it."""

import uuid

import pytest

from enlace.audit.models import AuditEntry
from enlace.cases.selectors import case_audit_entries
from enlace.cases.tests.factories import add_participant
from enlace.core.errors import NotFound
from enlace.techniques import selectors
from enlace.web.tests.test_access_matrix import normalised

from .factories import make_authorisation

pytestmark = pytest.mark.django_db

MISSING = uuid.UUID("5b0a4c1e-3f7d-4e29-9c61-2d8e7f4a0b93")


def _urls(auth_id: uuid.UUID, case_id: uuid.UUID) -> list[str]:
    return [f"/techniques/authorisations/{auth_id}/", f"/api/v1/techniques/authorisations/{auth_id}"]


@pytest.mark.parametrize("who", ["prosecutor", "supervisor", "outsider", "liaison", "auditor", "sysadmin"])
def test_not_named_gets_the_same_404_as_missing(world, client, who):
    """The prosecutor is in the case's team and the supervisor supervises its unit: neither is named."""
    auth = make_authorisation(world)
    client.force_login(world[who])
    for url, missing in zip(_urls(auth.public_id, world["case"].public_id), _urls(MISSING, world["case"].public_id), strict=True):
        got, absent = client.get(url), client.get(missing)
        assert got.status_code == 404 == absent.status_code, url
        assert normalised(got) == normalised(absent), url
    with pytest.raises(NotFound):
        selectors.authorisation_get(actor=world[who], authorisation_id=auth.public_id)


def test_named_member_sees_it_and_the_read_is_audited(world, client):
    auth = make_authorisation(world, members=[world["prosecutor"]])
    client.force_login(world["prosecutor"])
    page = client.get(f"/techniques/authorisations/{auth.public_id}/")
    assert page.status_code == 200
    assert "Juez Mamani" in page.content.decode()
    assert AuditEntry.objects.filter(action="technique.read", object_id=str(auth.pk), actor=world["prosecutor"]).exists()


def test_the_list_shows_only_what_names_the_reader_and_no_count(world, client):
    make_authorisation(world, reference="AUT-SECRET-1")
    client.force_login(world["prosecutor"])
    page = client.get(f"/techniques/cases/{world['case'].public_id}/techniques/").content.decode()
    assert "AUT-SECRET-1" not in page and "Juez Mamani" not in page
    data = client.get(f"/api/v1/techniques/cases/{world['case'].public_id}/authorisations").json()
    assert data == []


def test_the_case_page_is_the_same_with_and_without_authorisations(world, client):
    client.force_login(world["prosecutor"])
    url = f"/cases/{world['case'].public_id}/"
    before = client.get(url).content.decode()
    make_authorisation(world, reference="AUT-SECRET-2")
    after = client.get(url).content.decode()
    assert "AUT-SECRET-2" not in after and "Juez Mamani" not in after
    assert f"/techniques/cases/{world['case'].public_id}/techniques/" in before
    assert before.count("techniques") == after.count("techniques")


def test_a_supervisor_is_in_only_when_named(world, client):
    """Supervision of the unit does not open the compartment; made a participant and named, it does."""
    add_participant(actor=world["investigator"], case=world["case"], user=world["supervisor"])
    auth = make_authorisation(world, members=[world["supervisor"]])
    client.force_login(world["supervisor"])
    assert client.get(f"/techniques/authorisations/{auth.public_id}/").status_code == 200


def test_a_named_member_who_loses_the_case_loses_the_authorisation(world):
    auth = make_authorisation(world, members=[world["prosecutor"]])
    world["team"].members.remove(world["prosecutor"])
    with pytest.raises(NotFound):
        selectors.authorisation_get(actor=world["prosecutor"], authorisation_id=auth.public_id)


def test_the_case_audit_trail_does_not_betray_the_compartment(world, client):
    """The lead unit's supervisor reads the case's audit trail: no entry of the compartment is in it."""
    auth = make_authorisation(world, members=[world["prosecutor"]])
    client.force_login(world["prosecutor"])
    client.get(f"/techniques/authorisations/{auth.public_id}/")
    client.get(f"/techniques/cases/{world['case'].public_id}/techniques/")
    trail = case_audit_entries(actor=world["supervisor"], case=world["case"])
    assert not [e.action for e in trail if e.action.startswith("technique.")]
    assert AuditEntry.objects.filter(action__startswith="technique.").count() == 3  # create, read, list
