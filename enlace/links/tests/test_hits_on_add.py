"""Hits where they happen: adding a person shows their hits on the confirming page and tells the team."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from enlace.cases.models import CasePerson
from enlace.referrals.models import Notification

from .links_factories import add_person, other_unit_world

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {"role": "suspect", "existing": "", "doc-TOTAL_FORMS": "1", "doc-INITIAL_FORMS": "0",
            "doc-MIN_NUM_FORMS": "0", "doc-MAX_NUM_FORMS": "10", "doc-0-doc_type": "national_id",
            "doc-0-number": "", "doc-0-issuing_country": "BO", "p-sex": "M"}
    data.update(extra)
    return data


def test_adding_a_person_known_elsewhere_shows_the_hits_and_tells_the_team(client, world):
    other = other_unit_world(world)
    add_person(other["cbba_inv"], other["cbba_case"], given_names="Mario", first_surname="Choque",
               phones=["+591 76543210"])
    client.force_login(world["investigator"])
    response = client.post(reverse("cases:person_add", args=[world["case"].public_id]),
                           _form(**{"p-given_names": "Mario", "p-first_surname": "Choque", "p-phones": "76543210"}),
                           follow=True)
    html = response.content.decode()
    added = CasePerson.objects.get(case=world["case"])
    assert response.redirect_chain[-1][0] == reverse("links:person_added", args=[world["case"].public_id, added.person.public_id])
    assert f"{added.person.pseudonym} was added" in html
    # The other unit's record is a hidden hit: who holds it, nothing of what it says.
    assert "A possible match exists, held by DTTP Cochabamba" in html
    assert other["cbba_case"].title not in html
    # The rest of the team hears of it; the one who added the person saw it already.
    told = Notification.objects.filter(kind="hits_found")
    assert {n.user for n in told} == {world["prosecutor"]}
    assert added.person.pseudonym in told.get().text
    # the case by the reference people use, never its internal number
    assert "case FELCC-LP-2026-001," in told.get().text and f"#{world['case'].pk}" not in told.get().text


def test_no_hit_no_notice(client, world):
    client.force_login(world["investigator"])
    response = client.post(reverse("cases:person_add", args=[world["case"].public_id]),
                           _form(**{"p-given_names": "Nadie", "p-first_surname": "Conocido"}), follow=True)
    assert "No possible match in other cases." in response.content.decode()
    assert not Notification.objects.filter(kind="hits_found").exists()


def test_confirming_page_is_for_the_case_team_only(client, world):
    person = add_person(world["investigator"], world["case"], given_names="Mario", first_surname="Choque")
    url = reverse("links:person_added", args=[world["case"].public_id, person.public_id])
    client.force_login(world["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(world["investigator"])
    assert client.get(url).status_code == 200
    assert client.get(reverse("links:person_added", args=[world["case"].public_id, uuid.uuid4()])).status_code == 404
