"""Person search: by full name through the phonetic blocking keys, by document and phone through the
blind indexes; only persons the searcher may see; pseudonyms for protected persons; audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from enlace.audit.models import AuditEntry
from enlace.links.search import person_search

from .links_factories import add_person, other_unit_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    other = other_unit_world(world)
    inv = world["investigator"]
    suspect = add_person(inv, world["case"], given_names="Juan Carlos", first_surname="Quispe",
                         second_surname="Mamani", phones=["+591 71234567"],
                         documents=[("national_id", "4567891 LP", "BO")])
    victim = add_person(inv, world["case"], role="victim", given_names="Rosa", first_surname="Mamani")
    theirs = add_person(other["cbba_inv"], other["cbba_case"], given_names="Juan Carlos", first_surname="Quispe",
                        second_surname="Mamani", phones=["71234567"])
    return {"suspect": suspect, "victim": victim, "theirs": theirs, **other}


def test_full_name_written_another_way_finds_the_record(world, people):
    found = person_search(actor=world["investigator"], name="QUISPE MAMANI, Juan")
    assert [f.person for f in found] == [people["suspect"]]
    assert found[0].cases[0]["title"] == world["case"].title


def test_phonetic_spelling_is_found(world, people):
    found = person_search(actor=world["investigator"], name="Juan Kispe")
    assert people["suspect"] in [f.person for f in found]


def test_only_persons_of_cases_the_searcher_sees(world, people):
    assert [f.person for f in person_search(actor=people["cbba_inv"], phone="71234567")] == [people["theirs"]]
    assert [f.person for f in person_search(actor=world["investigator"], phone="+59171234567")] == [people["suspect"]]
    assert person_search(actor=world["outsider"], name="Juan Carlos Quispe Mamani") == []


def test_by_document(world, people):
    found = person_search(actor=world["investigator"], document="4567891-LP")
    assert [f.person for f in found] == [people["suspect"]]


def test_protected_person_answers_with_pseudonym(world, people):
    found = person_search(actor=world["investigator"], name="Rosa Mamani")
    assert [f.person for f in found] == [people["victim"]]
    assert found[0].label == people["victim"].pseudonym


def test_a_surname_alone_is_refused_with_a_clear_error(world, people):
    with pytest.raises(ValidationError) as exc:
        person_search(actor=world["investigator"], name="Mamani")
    assert "name" in exc.value.error_dict


def test_search_is_audited_without_the_terms(world, people):
    person_search(actor=world["investigator"], name="Juan Carlos Quispe Mamani")
    entry = AuditEntry.objects.filter(action="person.search").get()
    assert entry.details == {"by": ["name"], "found": 1}
    assert "Quispe" not in str(entry.details)


def test_page_posts_and_shows_pseudonyms(client, world, people):
    client.force_login(world["investigator"])
    response = client.post(reverse("links:person_search"), {"name": "Rosa Mamani"})
    html = response.content.decode()
    assert response.status_code == 200 and people["victim"].pseudonym in html
    assert reverse("persons:detail", args=[people["victim"].public_id]) in html
    bad = client.post(reverse("links:person_search"), {"name": "", "document": "", "phone": ""}).content.decode()
    assert "Type a full name" in bad


def test_network_page_takes_a_case_reference_and_a_pseudonym(client, world, people):
    client.force_login(world["investigator"])
    html = client.get(reverse("links:network"), {"case": "felcc-lp-2026-001",
                                                 "to": people["suspect"].pseudonym}).content.decode()
    assert 'id="graph"' in html and '<option value="FELCC-LP-2026-001">' in html
    # Another unit's reference answers like a reference that does not exist.
    other = client.get(reverse("links:network"), {"case": "FELCC-CB-2026-077"}).content.decode()
    missing = client.get(reverse("links:network"), {"case": "FELCC-XX-0000-000"}).content.decode()
    assert "No case you may see has this reference." in other and 'id="graph"' not in other
    def main(page: str, typed: str) -> str:
        return page[page.index("<main"):page.index("</main>")].replace(typed, "X")

    assert main(other, "FELCC-CB-2026-077") == main(missing, "FELCC-XX-0000-000")
