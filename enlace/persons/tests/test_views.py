"""The person page: pseudonym always, identity only when allowed or revealed with a reason."""

import uuid

import pytest
from django.urls import reverse

from enlace.audit.models import AuditEntry
from enlace.cases.services_persons import case_person_add
from enlace.cases.tests.factories import share_case
from enlace.persons.models import Person
from enlace.persons.services import PersonChanges, PersonInput, person_update

pytestmark = pytest.mark.django_db
REASON = "Preparing the interview with the prosecutor on Monday"


@pytest.fixture
def victim(world):
    data = PersonInput(given_names="Rosario", first_surname="Quispe", second_surname="Condori",
                       documents=[("national_id", "4455667 LP", "BO")], phones=["71234567"], emails=["rq@example.org"])
    return case_person_add(actor=world["investigator"], case=world["case"], role="victim", data=data).person


def detail(person):
    return reverse("persons:detail", args=[person.public_id])


def hidden(body: str) -> bool:
    return not any(s in body for s in ("Rosario", "Quispe", "Condori", "4455667", "71234567", "rq@example.org"))


def test_identity_hidden_by_default(world, client, victim):
    client.force_login(world["prosecutor"])
    r = client.get(detail(victim))
    body = r.content.decode()
    assert r.status_code == 200 and victim.pseudonym in body and hidden(body)
    assert reverse("persons:reveal", args=[victim.public_id]) in body
    assert "Textile workshop El Alto" in body  # the cases the person appears in
    assert AuditEntry.objects.filter(action="person.read", object_id=str(victim.pk)).exists()


def test_reveal_needs_a_reason(world, client, victim):
    client.force_login(world["prosecutor"])
    r = client.post(reverse("persons:reveal", args=[victim.public_id]), {"reason": "why"})
    assert r.status_code == 200 and "reason" in r.context["reveal_form"].errors and hidden(r.content.decode())
    assert not AuditEntry.objects.filter(action="person.reveal").exists()
    assert "reveals" not in client.session


def test_reveal_shows_identity_and_is_audited_with_the_reason(world, client, victim):
    client.force_login(world["prosecutor"])
    r = client.post(reverse("persons:reveal", args=[victim.public_id]), {"reason": REASON})
    assert r.status_code == 302 and r["Location"] == detail(victim)
    entry = AuditEntry.objects.get(action="person.reveal")
    assert entry.details["reason"] == REASON and entry.actor == world["prosecutor"] and entry.object_id == str(victim.pk)
    body = client.get(detail(victim)).content.decode()
    assert "Rosario Quispe Condori" in body and "4455667" in body and "+59171234567" in body
    # The reveal is per session: the case page now shows the name too; another user's does not.
    persons_tab = client.get(reverse("cases:detail", args=[world["case"].public_id]), {"tab": "persons"}).content.decode()
    assert "Rosario Quispe Condori" in persons_tab
    client.force_login(world["investigator"])
    assert hidden(client.get(detail(victim)).content.decode())


def test_reveal_expires(world, client, victim):
    client.force_login(world["prosecutor"])
    session = client.session
    session["reveals"] = {str(victim.pk): 1.0}  # long expired
    session.save()
    assert hidden(client.get(detail(victim)).content.decode())


def test_victim_name_never_in_html_for_a_non_revealing_role(world, client, victim):
    share_case(actor=world["investigator"], case=world["case"], institution=world["other"], scope="full",
                        purpose="Joint investigation team")
    client.force_login(world["liaison"])
    pages = [client.get(detail(victim)), client.get(reverse("cases:detail", args=[world["case"].public_id]), {"tab": "persons"})]
    for r in pages:
        assert r.status_code == 200 and hidden(r.content.decode())
    assert "Your role cannot reveal identities" in pages[0].content.decode()
    r = client.post(reverse("persons:reveal", args=[victim.public_id]), {"reason": REASON})
    assert r.status_code == 403 and hidden(r.content.decode())
    assert client.get(reverse("persons:edit", args=[victim.public_id])).status_code == 403


def test_summary_sharing_does_not_open_the_person(world, client, victim):
    share_case(actor=world["investigator"], case=world["case"], institution=world["other"], scope="summary",
                        purpose="Joint operation 2026-03")
    client.force_login(world["outsider"])
    assert client.get(detail(victim)).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "other_supervisor", "screener", "auditor", "sysadmin"])
def test_outsider_gets_404_on_every_person_url(world, client, victim, who):
    client.force_login(world[who])
    for name in ("detail", "reveal", "edit"):
        for method in (client.get, client.post):
            got = method(reverse(f"persons:{name}", args=[victim.public_id]))
            missing = method(reverse(f"persons:{name}", args=[uuid.uuid4()]))
            assert got.status_code == missing.status_code == 404, (name, method)
            assert hidden(got.content.decode())


def reveal(client, person):
    assert client.post(reverse("persons:reveal", args=[person.public_id]), {"reason": REASON}).status_code == 302


def edit_data(person, **changes):
    data = {"given_names": person.given_names, "first_surname": person.first_surname,
            "second_surname": person.second_surname, "married_surname": "", "aliases": "", "sex": person.sex,
            "nationality": "", "notes": "", "version": person.version}
    return {**data, **changes}


def test_edit_requires_the_identity_to_be_visible(world, client, victim):
    client.force_login(world["investigator"])
    r = client.get(reverse("persons:edit", args=[victim.public_id]))
    assert r.status_code == 302 and r["Location"] == detail(victim)
    reveal(client, victim)
    r = client.get(reverse("persons:edit", args=[victim.public_id]))
    assert r.status_code == 200 and 'value="Rosario"' in r.content.decode()


def test_edit_saves_and_validates(world, client, victim):
    client.force_login(world["investigator"])
    reveal(client, victim)
    url = reverse("persons:edit", args=[victim.public_id])
    r = client.post(url, edit_data(victim, birth_day="31", birth_month="", birth_year="1800", nationality="XX"))
    assert r.status_code == 200 and {"birth_month", "birth_year", "nationality"} <= set(r.context["form"].errors)
    r = client.post(url, edit_data(victim, given_names="Rosario Ana", birth_year="2006"))
    assert r.status_code == 302
    victim.refresh_from_db()
    assert victim.given_names == "Rosario Ana" and victim.birth_year == 2006
    entry = AuditEntry.objects.filter(action="person.update").latest("seq")
    assert "Rosario" not in str(entry.details)


def test_edit_conflict_keeps_the_first_save(world, client, victim):
    loaded = victim.version
    person_update(actor=world["prosecutor"], person=Person.objects.get(pk=victim.pk), expected_version=loaded, changes=PersonChanges(given_names="First save"))
    client.force_login(world["investigator"])
    reveal(client, victim)
    r = client.post(reverse("persons:edit", args=[victim.public_id]), edit_data(victim, given_names="Second save",
                                                                         version=loaded))
    body = r.content.decode()
    assert r.status_code == 200 and "Someone else changed this record" in body and 'value="Second save"' in body
    victim.refresh_from_db()
    assert victim.given_names == "First save"


def test_suspect_identity_is_visible_without_reveal(world, client):
    suspect = case_person_add(actor=world["investigator"], case=world["case"], role="suspect",
                              data=PersonInput(given_names="Marco", first_surname="Villca")).person
    client.force_login(world["prosecutor"])
    body = client.get(detail(suspect)).content.decode()
    assert "Marco Villca" in body and reverse("persons:reveal", args=[suspect.public_id]) not in body
