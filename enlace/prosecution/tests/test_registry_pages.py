"""The evidence registry of a heavy case is read a page at a time, narrowed by exhibit number and kind."""

import pytest

from enlace.prosecution.views import EVIDENCE_PER_PAGE

from .factories import make_item

pytestmark = pytest.mark.django_db


def _registry(client, w, query: str = ""):
    return client.get(f"/prosecution/cases/{w['case'].public_id}/evidence/{query}")


@pytest.fixture
def many(world):
    count = EVIDENCE_PER_PAGE + 3
    items = [make_item(world, number=f"EV-{n:03d}", kind="digital" if n % 10 == 0 else "physical")
             for n in range(1, count + 1)]
    return world, items


def test_a_page_holds_at_most_one_page_of_items_and_links_to_the_next(many, client):
    w, items = many
    client.force_login(w["prosecutor"])
    first = _registry(client, w)
    assert first.status_code == 200
    assert len(first.context["rows"]) == EVIDENCE_PER_PAGE
    assert "EV-001" in first.content.decode() and "EV-053" not in first.content.decode()
    assert 'rel="next"' in first.content.decode()
    last = _registry(client, w, "?page=2")
    assert [row[0].exhibit_number for row in last.context["rows"]] == ["EV-051", "EV-052", "EV-053"]


@pytest.mark.parametrize("page", ["99999999999999999999", "-1", "abc"])
def test_a_page_number_out_of_range_shows_a_page_not_an_error(many, client, page):
    w, _items = many
    client.force_login(w["prosecutor"])
    assert _registry(client, w, f"?page={page}").status_code == 200


def test_filters_by_part_of_the_exhibit_number_and_by_kind(many, client):
    w, _items = many
    client.force_login(w["investigator"])
    by_number = _registry(client, w, "?number=ev-05")
    assert [row[0].exhibit_number for row in by_number.context["rows"]] == [f"EV-05{n}" for n in range(4)]
    by_kind = _registry(client, w, "?kind=digital")
    assert [row[0].exhibit_number for row in by_kind.context["rows"]] == [f"EV-0{n}0" for n in range(1, 6)]
    nothing = _registry(client, w, "?number=XYZ")
    assert nothing.context["rows"] == [] and "No item matches these filters." in nothing.content.decode()


def test_an_unknown_kind_is_a_form_error_and_the_registry_is_shown_whole(many, client):
    w, _items = many
    client.force_login(w["investigator"])
    got = _registry(client, w, "?kind=weapon")
    assert got.status_code == 200
    assert got.context["filters"].errors["kind"]
    assert len(got.context["rows"]) == EVIDENCE_PER_PAGE


def test_the_api_still_lists_every_item(many, client):
    w, items = many
    client.force_login(w["investigator"])
    got = client.get(f"/api/v1/prosecution/cases/{w['case'].public_id}/evidence")
    assert got.status_code == 200 and len(got.json()) == len(items)
