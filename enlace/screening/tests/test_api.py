"""Screening API: stateless scoring (same engine as CLI and UI) and CRUD on the caller's screenings."""

from __future__ import annotations

import pytest

from enlace.api.tests.conftest import ApiClient, make_token
from enlace.referrals.tests.factories import PRESUMED_ADULT_LABOUR, make_screener, screened
from enlace.screening.models import Screening
from enlace.screening.scoring import score_screening

pytestmark = pytest.mark.django_db


def api_for(user) -> ApiClient:
    return ApiClient(f"Bearer {make_token(user)}")


def test_score_by_exploitation_matches_the_engine(world):
    api = api_for(make_screener(world))
    response = api.post("/screening/score", {"exploitation": "labour", "yes": PRESUMED_ADULT_LABOUR, "age": 24})
    assert response.status_code == 200
    expected = score_screening(exploitation="labour", answered_yes=PRESUMED_ADULT_LABOUR, age_at_exploitation=24)
    assert response.json() == expected.to_dict()


def test_score_by_instrument_key(world):
    api = api_for(make_screener(world))
    response = api.post("/screening/score", {"instrument": "ilo-ec-2009-child-labour", "yes": ["hazardous_work"],
                                             "age": 16})
    assert response.status_code == 200 and response.json()["outcome"] == "possible_victim"


@pytest.mark.parametrize("body, field", [
    ({"instrument": "ilo-ec-2009-adult-labour", "yes": ["debt_bondge"], "age": 30}, "yes"),
    ({"instrument": "nope", "yes": []}, "instrument"),
])
def test_score_unknown_keys_are_400_with_message(world, body, field):
    response = api_for(make_screener(world)).post("/screening/score", body)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_score_needs_authentication_and_a_screening_role(world):
    assert ApiClient().post("/screening/score", {"exploitation": "labour", "yes": []}).status_code == 401
    assert api_for(world["auditor"]).post("/screening/score", {"exploitation": "labour", "yes": []}).status_code == 403


def test_create_complete_read_and_list_own(world):
    screener = make_screener(world)
    api = api_for(screener)
    body = {"exploitation": "labour", "age_at_exploitation": 24, "country": "BO", "subdivision": "BO-L",
            "place_description": "Desaguadero", "anonymous": True, "yes": PRESUMED_ADULT_LABOUR,
            "palermo_acts": ["recruitment"], "forms_of_exploitation": ["forced_labour"], "complete": True}
    response = api.post("/screening/screenings", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "completed" and data["outcome"] == "presumed_victim"
    assert data["pseudonym"].startswith("SCR-LPZ-") and data["instruments"] == ["ilo-ec-2009-adult-labour@2009.1"]
    assert api.get(f"/screening/screenings/{data['id']}").json()["id"] == data["id"]
    other = make_screener(world, username="scr_other")
    screened(other)
    assert [s["id"] for s in api.get("/screening/screenings").json()] == [data["id"]]
    assert api_for(other).get(f"/screening/screenings/{data['id']}").status_code == 404


def test_bad_answer_key_creates_nothing(world):
    api = api_for(make_screener(world))
    response = api.post("/screening/screenings", {"exploitation": "labour", "age_at_exploitation": 24, "country": "BO",
                                                  "yes": ["not_a_key"]})
    assert response.status_code == 400
    assert not Screening.objects.exists()


def test_patch_draft_then_complete_and_delete_rules(world):
    screener = make_screener(world)
    api = api_for(screener)
    created = api.post("/screening/screenings", {"exploitation": "sexual", "age_at_exploitation": None,
                                                 "country": "BO"}).json()
    assert created["status"] == "draft" and len(created["instruments"]) == 2
    stale = api.patch(f"/screening/screenings/{created['id']}", {"version": created["version"] - 1, "yes": []})
    assert stale.status_code == 409
    patched = api.patch(f"/screening/screenings/{created['id']}",
                        {"version": created["version"], "yes": ["forced_into_prostitution", "violence_on_victim"],
                         "complete": True})
    assert patched.status_code == 200 and patched.json()["status"] == "completed"
    assert api.patch(f"/screening/screenings/{created['id']}", {"version": patched.json()["version"]}).status_code == 400
    assert api.client.delete(f"/api/v1/screening/screenings/{created['id']}", headers=api.headers).status_code == 400
    draft = api.post("/screening/screenings", {"exploitation": "labour", "country": "BO"}).json()
    assert api.client.delete(f"/api/v1/screening/screenings/{draft['id']}", headers=api.headers).status_code == 204
    assert not Screening.objects.filter(public_id=draft["id"]).exists()


def test_case_id_only_for_who_sees_the_case(world):
    from enlace.screening import services

    screener = make_screener(world)
    s = screened(screener)
    services.screening_hand_over(actor=screener, screening=s, team=world["team"])
    s.refresh_from_db()
    services.screening_convert(actor=world["investigator"], screening=s, expected_version=s.version)
    assert api_for(screener).get(f"/screening/screenings/{s.public_id}").json()["case_id"] is None
    assert api_for(world["investigator"]).get(f"/screening/screenings/{s.public_id}").json()["case_id"] is not None
