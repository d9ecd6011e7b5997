"""Query budget of the case page overview with its matches panel.

Why: the panel asks the need-to-know rule about the page's case, its persons, their matches
and the cases those appear in. Asked once per person or once per panel part, the count grows
with every match; asked once for the whole page (``among=`` narrowing, the request memo), it
does not. This test fails if a change makes the page ask the same question again.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enlace.cases.services import case_create
from enlace.links.tests.links_factories import add_person, other_unit_world, route

pytestmark = pytest.mark.django_db

# Measured on this page with the world below; raise it only with a reason in the commit.
OVERVIEW_WITH_MATCHES_MAX_QUERIES = 42


def _matching(inv, case, role="suspect"):
    return add_person(inv, case, role=role, given_names="Juan Carlos", first_surname="Quispe",
                      second_surname="Mamani", birth_year=1990, sex="M",
                      documents=[("national_id", "4455667 LP", "BO")])


@pytest.fixture
def busy_case(world):
    """The page's case with a victim and a suspect; the suspect matches a person of another
    visible case (in another country: a transnational flag) and one of a case held by a unit
    the investigator does not belong to (a hidden hit)."""
    inv, case = world["investigator"], world["case"]
    cb = other_unit_world(world)
    second = case_create(actor=inv, title="Second case", lead_institution=case.lead_institution,
                         lead_unit=case.lead_unit, team=case.team, forms_of_exploitation=["forced_labour"],
                         reference_number="FELCC-LP-2026-002")
    route(inv, case, ("origin", "BO", "BO-L"))
    route(inv, second, ("destination", "AR", ""))
    add_person(inv, case, role="victim", given_names="Rosario", first_surname="Quispe", birth_year=2004, sex="F")
    _matching(inv, case)
    _matching(inv, second)
    _matching(cb["cbba_inv"], cb["cbba_case"])
    return world


def test_overview_with_matches_panel_stays_within_its_query_budget(busy_case, client):
    client.force_login(busy_case["investigator"])
    url = reverse("cases:detail", args=[busy_case["case"].public_id])
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    body = r.content.decode()
    assert r.status_code == 200 and "Possible matches in other cases" in body
    assert "Second case" in body and "DTTP Cochabamba" in body  # a visible hit and a hidden one
    assert len(ctx.captured_queries) <= OVERVIEW_WITH_MATCHES_MAX_QUERIES, "\n".join(
        q["sql"][:200] for q in ctx.captured_queries)
