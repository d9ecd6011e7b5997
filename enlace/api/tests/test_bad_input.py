"""Bad input gets a clear 4xx in the API, never a 500 (SQLite and PostgreSQL).

Replayed: a 5 MB JSON body; integers beyond the database's range in ids, filters and pages;
NUL bytes in text (PostgreSQL refuses them in text columns) in a title, tags, a search, a
reveal reason, a consent-revoke note and a screening's municipality.
"""

from __future__ import annotations

import json

import pytest

from enlace.links.tests.links_factories import add_person
from enlace.referrals.tests.factories import give_consent, make_provider, make_screener, screened

pytestmark = pytest.mark.django_db

HUGE = "9" * 25


@pytest.fixture
def inv(world, api_as):
    return api_as(world["investigator"])


def test_an_oversized_body_is_413_json(inv):
    response = inv.post("/cases", json.dumps({"title": "x" * (5 * 1024 * 1024)}))
    assert response.status_code == 413
    assert response.json()["message"]


@pytest.mark.parametrize("path", [
    f"/cases/{HUGE}", f"/cases?team_id={HUGE}", f"/cases?page={HUGE}", f"/cases?page_size=50&page={HUGE}",
    f"/links/network?center=case:{HUGE}", f"/links/network?center=person:{HUGE}", f"/persons/{HUGE}",
    f"/links/cases/{HUGE}/hits", f"/referrals/{HUGE}", f"/screening/screenings/{HUGE}",
    "/cases/-9223372036854775809", f"/cases?team_id=-{HUGE}",
])
def test_integers_beyond_the_database_range_are_4xx(inv, path):
    response = inv.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    assert response.json()["message"]


def test_an_integer_beyond_range_in_a_body_is_4xx(inv):
    for field in ("team_id", "lead_unit_id", "lead_institution_id"):
        response = inv.post("/cases", {"title": "Case", field: int(HUGE)})
        assert 400 <= response.status_code < 500, (field, response.status_code)


@pytest.mark.parametrize("payload", [{"title": "Trata\x00 2024"}, {"title": "Case", "tags": ["a\x00b"]},
                                     {"title": "Case", "summary": "\x00"}, {"title": "Case", "reference_number": "1\x00"}])
def test_nul_in_text_is_422(inv, payload):
    response = inv.post("/cases", payload)
    assert response.status_code == 422, response.content
    assert "Null characters are not allowed." in json.dumps(response.json())


def test_nul_in_a_search_is_4xx(inv):
    response = inv.get("/cases?q=Ana%00Mar%C3%ADa")
    assert response.status_code == 400 and response.json()["message"]


def test_nul_in_a_reveal_reason_is_422(world, inv):
    person = add_person(world["investigator"], world["case"], role="victim", given_names="Rosa")
    response = inv.post(f"/persons/{person.public_id}/reveal", {"reason": "Court hearing\x00 tomorrow"})
    assert response.status_code == 422, response.content


def test_nul_in_a_consent_revoke_note_is_422(world, api_as):
    screener = make_screener(world)
    _provider, ngo = make_provider()
    consent = give_consent(screener, recipient=ngo, screening=screened(screener))
    response = api_as(screener).post(f"/referrals/consents/{consent.public_id}/revoke", {"note": "no\x00"})
    assert response.status_code == 422, response.content


def test_nul_in_a_screening_municipality_is_422(world, api_as):
    screener = make_screener(world)
    response = api_as(screener).post("/screening/screenings", {
        "exploitation": "labour", "country": "BO", "subdivision": "BO-L", "municipality": "La Paz\x00",
        "anonymous": True})
    assert response.status_code == 422, response.content
