"""Bad input in the pages gets a clear 4xx, never a 500 (SQLite and PostgreSQL).

Replayed: ``?page=99999999999999999999``; a 25-digit id in ``/links/network/?case=`` and in
paths; NUL characters in a search, a title, tags, a reveal reason, a consent-revoke note and a
screening's municipality; a body over the upload limit.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from enlace.links.tests.links_factories import add_person
from enlace.referrals.tests.factories import give_consent, make_provider, make_screener, screened

pytestmark = pytest.mark.django_db

HUGE = "9" * 25
NUL_MESSAGE = "Null characters are not allowed."


@pytest.fixture
def inv(world) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world["investigator"])
    return client


@pytest.mark.parametrize("url", [
    "/cases/?page=99999999999999999999", f"/cases/?page=-{HUGE}", f"/links/network/?case={HUGE}",
    f"/links/network/?person={HUGE}", f"/links/network/data/?case={HUGE}", f"/links/network/data/?expand=case:{HUGE}",
    f"/links/network/?case=1&to=case:{HUGE}", f"/cases/{HUGE}/", f"/persons/{HUGE}/", f"/audit/?page={HUGE}",
    f"/links/review/?page={HUGE}", f"/screening/{HUGE}/",
])
def test_out_of_range_integers_are_4xx(inv, url):
    response = inv.get(url)
    assert response.status_code < 500, (url, response.status_code)


@pytest.mark.parametrize("url", ["/cases/?q=Ana%00Mar%C3%ADa", "/links/network/?case=1%00", "/screening/?status=%00"])
def test_nul_in_a_query_string_is_400(inv, url):
    response = inv.get(url)
    assert response.status_code == 400 and NUL_MESSAGE in response.content.decode()


def test_nul_in_a_title_or_tags_is_refused(world, inv):
    for data in ({"title": "Trata\x00"}, {"title": "Case", "tags": "a\x00b"}):
        response = inv.post(reverse("cases:create"), data)
        assert response.status_code == 400 and NUL_MESSAGE in response.content.decode()


def test_nul_in_a_reveal_reason_is_refused(world, inv):
    person = add_person(world["investigator"], world["case"], role="victim", given_names="Rosa")
    response = inv.post(reverse("persons:reveal", args=[person.public_id]), {"reason": "Court hearing\x00 tomorrow"})
    assert response.status_code == 400 and NUL_MESSAGE in response.content.decode()


def test_nul_in_a_consent_revoke_note_is_refused(world):
    screener = make_screener(world)
    _provider, ngo = make_provider()
    consent = give_consent(screener, recipient=ngo, screening=screened(screener))
    client = Client(raise_request_exception=False)
    client.force_login(screener)
    response = client.post(reverse("referrals:consent_revoke", args=[consent.public_id]), {"note": "no\x00"})
    assert response.status_code == 400
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_nul_in_a_screening_municipality_is_refused(world):
    client = Client(raise_request_exception=False)
    client.force_login(make_screener(world))
    response = client.post(reverse("screening:new"), {"exploitation": "labour", "country": "BO", "subdivision": "BO-L",
                                                      "municipality": "1\x00", "screened_on": "2026-01-05"})
    assert response.status_code == 400 and NUL_MESSAGE in response.content.decode()


def test_the_spanish_page_says_it_in_spanish(inv):
    response = inv.get("/cases/?q=%00", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400 and "Los caracteres nulos no están permitidos." in response.content.decode()


def test_an_oversized_form_body_is_413(inv):
    response = inv.post(reverse("cases:create"), {"title": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
