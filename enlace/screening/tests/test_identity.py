"""Names recorded with a screening pass the identity gate like a person's (API and page).

A liaison of an institution that received a FULL sharing of the case sees the screening (it
became a person in that case) but never the presumed victim's names; investigators,
prosecutors and supervisors see them only after a reveal with a reason, which is audited.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from enlace.api.tests.conftest import ApiClient, make_token
from enlace.audit.models import AuditEntry
from enlace.cases.tests.factories import share_case
from enlace.referrals.tests.factories import make_screener, screened
from enlace.screening import services

pytestmark = pytest.mark.django_db

NAMES = ("Rosa Elena", "Mamani")
SECOND = "Quispe"


def api_for(user) -> ApiClient:
    return ApiClient(f"Bearer {make_token(user)}")


def _named(author):
    s = screened(author, anonymous=False, names=NAMES)
    s.second_surname = SECOND
    s.save(update_fields=["second_surname"])
    return s


@pytest.fixture
def converted(world):
    """A named screening, handed over and converted into the team's case, shared in full with the liaison's institution."""
    author = make_screener(world)
    s = _named(author)
    services.screening_hand_over(actor=author, screening=s, team=world["team"])
    s.refresh_from_db()
    services.screening_convert(actor=world["investigator"], screening=s, expected_version=s.version,
                               case=world["case"])
    share_case(actor=world["investigator"], case=world["case"], institution=world["other"], scope="full",
                        purpose="Joint investigation")
    s.refresh_from_db()
    return s


def _leaks(text: str) -> list[str]:
    return [n for n in (*NAMES, SECOND) if n in text]


def test_liaison_with_a_full_sharing_reads_no_names_over_the_api(world, converted):
    response = api_for(world["liaison"]).get(f"/screening/screenings/{converted.public_id}")
    assert response.status_code == 200
    assert _leaks(response.content.decode()) == []
    data = response.json()
    assert data["given_names"] is None and data["first_surname"] is None and data["second_surname"] is None
    assert data["identity_visible"] is False
    # The person resource already said so; both now agree.
    person = api_for(world["liaison"]).get(f"/persons/{converted.person.public_id}").json()
    assert person["identity_visible"] is False


def test_liaison_with_a_full_sharing_reads_no_names_on_the_page(client, world, converted):
    client.force_login(world["liaison"])
    page = client.get(reverse("screening:detail", args=[converted.public_id]))
    assert page.status_code == 200
    assert _leaks(page.content.decode()) == []
    assert "Identity hidden" in page.content.decode()
    # and a liaison may not reveal
    resp = client.post(reverse("screening:reveal", args=[converted.public_id]), {"reason": "Coordinating the rescue"})
    assert resp.status_code == 403
    assert not AuditEntry.objects.filter(action__in=["person.reveal", "screening.reveal"]).exists()


@pytest.mark.parametrize("role", ["investigator", "prosecutor", "supervisor"])
def test_case_workers_see_names_only_after_an_audited_reveal_api(world, converted, role):
    actor = world[role]
    api = api_for(actor)
    before = api.get(f"/screening/screenings/{converted.public_id}")
    assert before.status_code == 200 and _leaks(before.content.decode()) == []
    assert api.post(f"/screening/screenings/{converted.public_id}/reveal", {"reason": "short"}).status_code == 400
    shown = api.post(f"/screening/screenings/{converted.public_id}/reveal", {"reason": "Preparing the hearing of the victim"})
    assert shown.status_code == 200, shown.content
    assert shown.json()["given_names"] == NAMES[0] and shown.json()["second_surname"] == SECOND
    entry = AuditEntry.objects.get(action="person.reveal", actor=actor)
    assert entry.details["reason"] == "Preparing the hearing of the victim"
    # An API reveal holds for that one answer only.
    assert api.get(f"/screening/screenings/{converted.public_id}").json()["given_names"] is None


def test_case_worker_sees_names_on_the_page_only_after_an_audited_reveal(client, world, converted):
    client.force_login(world["prosecutor"])
    url = reverse("screening:detail", args=[converted.public_id])
    assert _leaks(client.get(url).content.decode()) == []
    resp = client.post(reverse("screening:reveal", args=[converted.public_id]), {"reason": "Preparing the hearing"})
    assert resp.status_code == 302
    assert AuditEntry.objects.filter(action="person.reveal", actor=world["prosecutor"]).exists()
    assert NAMES[0] in client.get(url).content.decode()
    # the reveal is the person's: the person page shows the identity too
    assert NAMES[0] in client.get(reverse("persons:detail", args=[converted.person.public_id])).content.decode()


def test_unconverted_screening_handed_to_the_team_needs_a_reveal(client, world):
    author = make_screener(world)
    s = _named(author)
    services.screening_hand_over(actor=author, screening=s, team=world["team"])
    investigator = world["investigator"]
    api = api_for(investigator)
    assert api.get(f"/screening/screenings/{s.public_id}").json()["given_names"] is None
    shown = api.post(f"/screening/screenings/{s.public_id}/reveal", {"reason": "Deciding whether to open a case"})
    assert shown.status_code == 200 and shown.json()["first_surname"] == NAMES[1]
    entry = AuditEntry.objects.get(action="screening.reveal", actor=investigator)
    assert entry.details["reason"] == "Deciding whether to open a case" and entry.object_id == str(s.pk)
    client.force_login(investigator)
    url = reverse("screening:detail", args=[s.public_id])
    assert _leaks(client.get(url).content.decode()) == []
    client.post(reverse("screening:reveal", args=[s.public_id]), {"reason": "Deciding whether to open a case"})
    assert NAMES[0] in client.get(url).content.decode()


def test_the_screener_sees_the_names_they_recorded_until_conversion(client, world):
    author = make_screener(world)
    s = _named(author)
    assert api_for(author).get(f"/screening/screenings/{s.public_id}").json()["given_names"] == NAMES[0]
    client.force_login(author)
    assert NAMES[0] in client.get(reverse("screening:detail", args=[s.public_id])).content.decode()
    # a colleague supervisor of the unit sees the screening, not the names
    assert api_for(world["supervisor"]).get(f"/screening/screenings/{s.public_id}").json()["given_names"] is None
    services.screening_hand_over(actor=author, screening=s, team=world["team"])
    s.refresh_from_db()
    services.screening_convert(actor=world["investigator"], screening=s, expected_version=s.version)
    # now a person in a case: the case's rules, and a screener never sees a protected identity
    assert api_for(author).get(f"/screening/screenings/{s.public_id}").json()["given_names"] is None
