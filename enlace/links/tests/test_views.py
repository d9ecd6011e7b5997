"""The linking pages: review queue, decisions, matches panels, access, CSP-clean markup."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from enlace.audit.models import AuditEntry
from enlace.links.models import CandidateStatus, MatchCandidate

from .links_factories import add_person, other_unit_world

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")


@pytest.fixture
def vw(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                   birth_year=1990, sex="M")
    b = add_person(inv, case, role="victim", given_names="QUISPE MAMANI, Juan C.", birth_year=1990, sex="M")
    return {**world, "a": a, "b": b, "candidate": MatchCandidate.objects.get()}


def _clean(html: str) -> None:
    assert not INLINE_SCRIPT.search(html), "inline script"
    assert 'style="' not in html and "<style" not in html, "inline style"


def test_review_queue_page(client, vw):
    client.force_login(vw["investigator"])
    html = client.get(reverse("links:review")).content.decode()
    _clean(html)
    assert vw["a"].pseudonym not in html  # suspect: the name is shown instead
    assert "Juan Carlos Quispe Mamani" in html
    assert vw["b"].pseudonym in html and "QUISPE MAMANI" not in html  # victim: pseudonym only
    assert reverse("links:candidate", args=[vw["candidate"].pk]) in html


def test_candidate_page_and_decision(client, vw):
    client.force_login(vw["investigator"])
    url = reverse("links:candidate", args=[vw["candidate"].pk])
    html = client.get(url).content.decode()
    _clean(html)
    assert "Are these the same person?" in html and "Surnames" in html
    assert AuditEntry.objects.filter(action="links.candidate_read").exists()
    response = client.post(url, {"decision": "same", "note": "Same CI photo"})
    assert response.status_code == 302
    assert MatchCandidate.objects.get().status == CandidateStatus.CONFIRMED
    html = client.get(url).content.decode()
    assert "Same CI photo" in html and "merged into" in html
    bad = client.post(url, {"decision": "perhaps"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_candidate_page_is_404_for_users_who_cannot_see_both(client, vw):
    w = other_unit_world(vw)
    for user in (vw["outsider"], w["cbba_inv"], vw["auditor"]):
        client.force_login(user)
        assert client.get(reverse("links:candidate", args=[vw["candidate"].pk])).status_code == 404
        assert client.post(reverse("links:candidate", args=[vw["candidate"].pk]),
                           {"decision": "same"}).status_code == 404
    assert MatchCandidate.objects.get().status == CandidateStatus.PROPOSED


def test_pages_for_roles_without_case_work_are_forbidden(client, vw):
    client.force_login(vw["auditor"])
    for name in ("links:review", "links:requests", "links:network", "links:routes", "links:transnational"):
        assert client.get(reverse(name)).status_code == 403, name


def test_every_links_page_renders_without_inline_script_or_style(client, vw):
    client.force_login(vw["investigator"])
    urls = [reverse("links:review"), reverse("links:requests"), reverse("links:network"), reverse("links:routes"),
            reverse("links:transnational"), reverse("links:person_matches", args=[vw["a"].public_id]),
            reverse("links:case_matches", args=[vw["case"].public_id]), reverse("links:person_combined", args=[vw["a"].public_id]),
            reverse("links:network") + f"?person={vw['a'].pk}"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _clean(response.content.decode())


def test_panels_as_template_tags(vw):
    request = RequestFactory().get("/")
    request.user = vw["investigator"]
    request.session = {}
    html = Template("{% load links_tags %}{% person_matches_panel person %}{% case_matches_panel case %}").render(
        Context({"request": request, "person": vw["a"], "case": vw["case"]}))
    assert html.count("Possible matches in other cases") == 2
    assert "Possibly the same person" in html
    request.user = vw["outsider"]
    html = Template("{% load links_tags %}{% case_matches_panel case %}").render(
        Context({"request": request, "case": vw["case"]}))
    assert html.strip() == ""


def test_api_review_and_decide(client, vw):
    client.force_login(vw["investigator"])
    queue = client.get("/api/v1/links/review").json()
    assert [c["id"] for c in queue] == [vw["candidate"].pk]
    response = client.post(f"/api/v1/links/candidates/{vw['candidate'].pk}/decisions",
                           {"decision": "not_same", "note": ""}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    client.force_login(vw["outsider"])
    assert client.get(f"/api/v1/links/cases/{vw['case'].public_id}/hits").status_code == 404
    assert client.post(f"/api/v1/links/candidates/{vw['candidate'].pk}/decisions", {"decision": "same"},
                       content_type="application/json").status_code == 404
