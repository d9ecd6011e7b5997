"""The committee's pages and API: aggregates only, small cells hidden, no case or person reachable."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from enlace.api.tests.conftest import make_token
from enlace.cases.models import CasePerson

from .factories import VICTIM_NAME, add_stats_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(world):
    return add_stats_world(world)


def _client(user) -> Client:
    c = Client(headers={"accept-language": "en"})
    c.force_login(user)
    return c


def test_the_committee_home_page_is_the_dashboard_with_suppressed_cells(sw):
    page = _client(sw["monitoring"]).get(reverse("web:home")).content.decode()
    assert "Victims (presumed and identified)" in page
    assert "&lt;5" in page  # e.g. the 2 victims of the Cochabamba case
    assert "Statistics" in page  # the menu entry
    assert VICTIM_NAME not in page and "Stats case" not in page and sw["case"].title not in page


def test_the_department_filter_picks_rows_of_the_same_table(sw):
    c = _client(sw["monitoring"])
    full = c.get(reverse("monitoring:dashboard")).content.decode()
    one = c.get(reverse("monitoring:dashboard"), {"department": "BO-C"}).content.decode()
    assert "La Paz" in full and "Cochabamba" in full
    assert one.count("La Paz") < full.count("La Paz")


def test_a_table_downloads_as_csv_with_the_published_cells(sw):
    r = _client(sw["monitoring"]).get(reverse("monitoring:table_csv", args=["victims", "sex"]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    text = r.content.decode()
    assert text.splitlines()[0].startswith("Indicator,Dimension,Category,Q1,Q2,Q3,Q4")
    assert "<5" in text or "x" in text.split("\n", 1)[1]
    assert VICTIM_NAME not in text


def test_a_supervisor_sees_only_their_units(sw):
    c = _client(sw["other_supervisor"])  # Cochabamba police unit of the case world: none of the stats cases
    r = c.get(reverse("monitoring:table_csv", args=["victims", "sex"]))
    total = [line for line in r.content.decode().splitlines() if line.startswith("Victims") and ",Total," in line]
    assert total and total[0].endswith(",0")
    r = _client(sw["supervisor"]).get(reverse("monitoring:table_csv", args=["victims", "department"]))
    assert "Cochabamba" not in r.content.decode() and "La Paz" in r.content.decode()


def test_unknown_tables_and_years_are_404_not_500(sw):
    c = _client(sw["monitoring"])
    assert c.get(reverse("monitoring:table_csv", args=["victims", "nothing"])).status_code == 404
    assert c.get(reverse("monitoring:table_csv", args=["nothing", "sex"])).status_code == 404
    assert c.get(reverse("monitoring:dashboard"), {"year": "1900"}).status_code == 404
    assert c.get(reverse("monitoring:dashboard"), {"year": "abc"}).status_code == 200


def test_the_monitoring_role_reaches_no_case_and_no_person(sw):
    c = _client(sw["monitoring"])
    case = sw["case"]
    assert c.get(reverse("cases:detail", args=[case.public_id])).status_code in (403, 404)
    victim = CasePerson.objects.filter(role="victim").first()
    assert victim is not None
    assert c.get(reverse("persons:detail", args=[victim.person.public_id])).status_code in (403, 404)
    assert c.get(reverse("cases:detail", args=[victim.case.public_id])).status_code in (403, 404)
    api = Client(headers={"authorization": f"Bearer {make_token(sw['monitoring'])}"})
    assert api.get(f"/api/v1/cases/{case.public_id}").status_code in (403, 404)
    answer = api.get("/api/v1/monitoring/tables")
    assert answer.status_code == 200
    assert VICTIM_NAME not in answer.content.decode() and "Stats case" not in answer.content.decode()


def test_the_api_makes_a_release_and_refuses_bad_input(sw):
    api = Client(headers={"authorization": f"Bearer {make_token(sw['monitoring'])}"})
    made = api.post("/api/v1/monitoring/releases", {"kind": "k-anon", "k": 2}, content_type="application/json")
    assert made.status_code == 201, made.content
    again = api.get(f"/api/v1/monitoring/releases/{made.json()['id']}/download")
    assert again.status_code == 200 and again.content.decode().startswith("year,age_band")
    bad = api.post("/api/v1/monitoring/releases", {"kind": "dp"}, content_type="application/json")
    assert bad.status_code == 400
    national = api.get("/api/v1/monitoring/national", {"version": "published"})
    assert national.status_code == 200 and national.json()["columns"][0] == "Iso3_code"
