"""Hit / no-hit across need-to-know (Prüm model): a user of another unit learns only that a
possible match exists and which unit holds it, and can ask that unit. Nothing else leaks."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enlace.audit.models import AuditEntry
from enlace.cases.models import CaseParticipant
from enlace.cases.services import case_create
from enlace.core.errors import NotFound
from enlace.links.models import InformationRequest, RequestStatus
from enlace.links.selectors import HIT_SLOTS, hits_for_persons, person_hits
from enlace.links.services_requests import request_answer, request_create, requests_incoming

from .links_factories import add_person, other_unit_world

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|content="[A-Za-z0-9]{64}"')


@pytest.fixture
def hidden(world):
    """La Paz sees its own case; Cochabamba holds a matching record La Paz cannot see."""
    w = other_unit_world(world)
    mine = add_person(world["investigator"], world["case"], given_names="Juan Carlos", first_surname="Quispe",
                      second_surname="Mamani", birth_year=1990, sex="M", phones=["+591 71234567"])
    theirs = add_person(w["cbba_inv"], w["cbba_case"], role="victim", given_names="QUISPE MAMANI, Juan C.",
                        birth_year=1990, sex="M", phones=["71234567"])
    return {**world, **w, "mine": mine, "theirs": theirs}


def _secrets(h) -> list[str]:
    case = h["cbba_case"]
    theirs = h["theirs"]
    return [case.title, "Quillacollo", "SECRET", theirs.pseudonym, f"/cases/{case.public_id}/", f"/persons/{theirs.public_id}/",
            "FELCC-CB-2026-077", f'"case_id": "{case.public_id}"', f"person:{theirs.public_id}", f"case:{case.public_id}",
            f'"case_id": {case.pk}', f"person:{theirs.pk}", f"case:{case.pk}"]


def test_other_unit_sees_only_the_signal_and_the_unit(hidden):
    hits = person_hits(actor=hidden["investigator"], person=hidden["mine"])
    assert hits.visible == [] and hits.other_cases == []
    assert [(h.kind, h.name) for h in hits.hidden] == [("unit", "DTTP Cochabamba")]
    assert hits.count == 1


def test_holder_side_sees_the_match_in_full(hidden):
    # The Cochabamba investigator sees the other direction the same way: La Paz holds it.
    hits = person_hits(actor=hidden["cbba_inv"], person=hidden["theirs"])
    assert [h.name for h in hits.hidden] == [hidden["lpz"].name]
    # A supervisor of both units would see the pair in full.
    CaseParticipant.objects.create(case=hidden["cbba_case"], user=hidden["investigator"])
    hits = person_hits(actor=hidden["investigator"], person=hidden["mine"])
    assert [h.person.pk for h in hits.visible] == [hidden["theirs"].pk]
    assert hits.visible[0].score > 0.9 and hits.visible[0].reasons


@pytest.mark.parametrize("url_name", ["links:person_matches", "persons:detail"])
def test_person_pages_contain_no_detail_of_the_hidden_case(client, hidden, url_name):
    client.force_login(hidden["investigator"])
    html = client.get(reverse(url_name, args=[hidden["mine"].public_id])).content.decode()
    assert "A possible match exists, held by DTTP Cochabamba." in html
    for secret in _secrets(hidden):
        assert secret not in html, secret
    assert "score" not in html.split("Possible matches in other cases")[1].lower()


def test_case_page_panel_and_api_contain_no_detail_of_the_hidden_case(client, hidden):
    client.force_login(hidden["investigator"])
    html = client.get(reverse("links:case_matches", args=[hidden["case"].public_id])).content.decode()
    assert "held by DTTP Cochabamba" in html
    api = client.get(f"/api/v1/links/persons/{hidden['mine'].public_id}/hits").content.decode()
    assert '"holder": "DTTP Cochabamba"' in api.replace('":"', '": "')
    for secret in _secrets(hidden):
        assert secret not in html, secret
        assert secret not in api, secret
    for field in ('"score"', '"reasons"', '"candidate_id"'):
        assert field not in api.split('"hidden"')[1]


def test_more_hidden_matches_in_the_same_unit_do_not_change_what_is_shown(client, hidden):
    client.force_login(hidden["investigator"])
    url = reverse("links:person_matches", args=[hidden["mine"].public_id])
    before = CSRF.sub("", client.get(url).content.decode())
    second = case_create(actor=hidden["cbba_inv"], title="Second hidden case", lead_institution=hidden["police"],
                         lead_unit=hidden["cbba"], team=hidden["cbba_team"])
    add_person(hidden["cbba_inv"], second, given_names="Juan C.", first_surname="Quispe", second_surname="Mamani",
               birth_year=1990, sex="M", documents=[("national_id", "7788990 CB", "BO")])
    add_person(hidden["cbba_inv"], second, role="witness", given_names="Juan Carlos", first_surname="Quispe",
               second_surname="Mamani", birth_year=1990, sex="M")
    after = CSRF.sub("", client.get(url).content.decode())
    assert after == before
    assert person_hits(actor=hidden["investigator"], person=hidden["mine"]).count == 1


def test_same_work_whether_the_match_is_visible_or_not(hidden):
    actor, mine = hidden["investigator"], hidden["mine"]
    with CaptureQueriesContext(connection) as hidden_run:
        hidden_result = hits_for_persons(actor=actor, persons=[mine])
    CaseParticipant.objects.create(case=hidden["cbba_case"], user=actor)
    with CaptureQueriesContext(connection) as visible_run:
        visible_result = hits_for_persons(actor=actor, persons=[mine])
    assert hidden_result[0].hidden and visible_result[0].visible  # the toggle did change visibility
    assert len(hidden_run.captured_queries) == len(visible_run.captured_queries)
    # Padding: a person with no candidate at all costs the same number of queries.
    loner = add_person(actor, hidden["case"], given_names="Nadie", first_surname="Sinpar")
    with CaptureQueriesContext(connection) as loner_run:
        hits_for_persons(actor=actor, persons=[loner])
    assert len(loner_run.captured_queries) == len(visible_run.captured_queries)
    assert HIT_SLOTS >= 8


def test_queries_do_not_grow_with_the_number_of_persons(hidden):
    """The case page asks for the hits of every person of the case at once: a fixed number
    of queries (labels, clusters and visibility in bulk), not a few per person or per slot."""
    actor, mine = hidden["investigator"], hidden["mine"]
    with CaptureQueriesContext(connection) as one:
        hits_for_persons(actor=actor, persons=[mine])
    others = [add_person(actor, hidden["case"], role="victim", given_names=f"Persona {i}", first_surname="Apaza",
                         birth_year=1980 + i) for i in range(4)]
    with CaptureQueriesContext(connection) as five:
        result = hits_for_persons(actor=actor, persons=[mine, *others])
    assert len(result) == 5 and result[0].hidden
    assert len(five.captured_queries) == len(one.captured_queries)


def test_request_for_information_goes_to_the_holders_liaison_and_supervisors(hidden):
    inv = hidden["investigator"]
    holder = person_hits(actor=inv, person=hidden["mine"]).hidden[0]
    req = request_create(actor=inv, person=hidden["mine"], holder_token=holder.token,
                         purpose="Same suspect recruiting in El Alto; we need to coordinate the arrest.")
    assert req.to_unit == hidden["cbba"] and req.held_person_ids == [hidden["theirs"].pk]
    assert AuditEntry.objects.filter(action="links.request_create", object_id=str(req.pk)).exists()
    # Told: the liaison and the supervisor of the holding unit see it; La Paz's supervisor does not.
    assert list(requests_incoming(actor=hidden["cbba_liaison"])) == [req]
    assert list(requests_incoming(actor=hidden["cbba_supervisor"])) == [req]
    assert list(requests_incoming(actor=hidden["supervisor"])) == []
    with pytest.raises(NotFound):
        request_answer(actor=hidden["supervisor"], req=req, answer="Nothing to share.")
    request_answer(actor=hidden["cbba_liaison"], req=req, answer="Call our liaison; case shared tomorrow.")
    req.refresh_from_db()
    assert req.status == RequestStatus.ANSWERED and req.answered_by == hidden["cbba_liaison"]


def test_request_cannot_target_a_unit_that_holds_nothing(hidden):
    with pytest.raises(NotFound):
        request_create(actor=hidden["investigator"], person=hidden["mine"], holder_token=f"unit-{hidden['lpz'].pk}",
                       purpose="Fishing for information about a unit that holds nothing here.")
    with pytest.raises(NotFound):  # and never about a person the requester cannot see
        request_create(actor=hidden["investigator"], person=hidden["theirs"], holder_token=f"unit-{hidden['lpz'].pk}",
                       purpose="Fishing for information about a unit that holds nothing here.")
    assert InformationRequest.objects.count() == 0


def test_request_pages_for_requester_and_holder(client, hidden):
    inv = hidden["investigator"]
    holder = person_hits(actor=inv, person=hidden["mine"]).hidden[0]
    client.force_login(inv)
    url = reverse("links:request_create", args=[hidden["mine"].public_id]) + f"?holder={holder.token}"
    page = client.get(url)
    assert page.status_code == 200 and "DTTP Cochabamba" in page.content.decode()
    response = client.post(reverse("links:request_create", args=[hidden["mine"].public_id]), {
        "holder": holder.token, "purpose": "Coordinating with the Cochabamba team on a shared suspect."})
    req = InformationRequest.objects.get()
    assert response.status_code == 302
    mine_view = client.get(reverse("links:request_detail", args=[req.public_id])).content.decode()
    assert hidden["theirs"].pseudonym not in mine_view
    client.force_login(hidden["cbba_liaison"])
    inbox = client.get(reverse("links:requests")).content.decode()
    assert "new" in inbox
    detail = client.get(reverse("links:request_detail", args=[req.public_id])).content.decode()
    assert hidden["theirs"].pseudonym in detail and "Coordinating with the Cochabamba team" in detail
    req.refresh_from_db()
    assert req.holder_seen_at is not None
    client.post(reverse("links:request_detail", args=[req.public_id]), {"answer": "Not at this stage.", "action": "decline"})
    req.refresh_from_db()
    assert req.status == RequestStatus.DECLINED
    client.force_login(hidden["supervisor"])  # La Paz supervisor: neither requester nor holder
    assert client.get(reverse("links:request_detail", args=[req.public_id])).status_code == 404


def test_full_case_ids_over_many_ids_answers_for_each(hidden):
    """More ids than one SQLite statement may carry: chunked, and each answered by the rule."""
    from enlace.links.selectors import full_case_ids

    asked = set(range(10_000_000, 10_002_500)) | {hidden["case"].pk, hidden["cbba_case"].pk}
    assert full_case_ids(actor=hidden["investigator"], case_ids=asked) == {hidden["case"].pk}
