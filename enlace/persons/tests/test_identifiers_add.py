"""Adding identifiers to a person already on file: normalised and blind-indexed like at
creation, all or nothing, audited with counts only, 404 for whoever may not see the person."""

import pytest
from django.db import connection
from django.urls import reverse

from enlace.audit.models import AuditEntry
from enlace.cases.services_persons import case_person_add
from enlace.cases.tests.factories import add_participant
from enlace.core.crypto import blind_index
from enlace.core.errors import Forbidden
from enlace.persons.models import PersonDocument, PersonEmail, PersonHandle, PersonPhone
from enlace.persons.services import PersonInput, person_identifiers_add

pytestmark = pytest.mark.django_db


def doc_data(**extra):
    data = {"doc-TOTAL_FORMS": "1", "doc-INITIAL_FORMS": "0", "doc-MIN_NUM_FORMS": "0", "doc-MAX_NUM_FORMS": "10",
            "doc-0-doc_type": "national_id", "doc-0-number": "", "doc-0-issuing_country": "BO"}
    data.update(extra)
    return data


@pytest.fixture
def victim(world):
    return case_person_add(actor=world["investigator"], case=world["case"], role="victim",
                           data=PersonInput(given_names="Rosario", first_surname="Quispe")).person


def add_url(person):
    return reverse("persons:identifiers_add", args=[person.public_id])


def test_add_all_kinds_of_identifier(world, client, victim):
    client.force_login(world["investigator"])
    r = client.get(add_url(victim))
    assert r.status_code == 200 and "Rosario" not in r.content.decode()  # adding shows nothing on file
    r = client.post(add_url(victim), doc_data(**{
        "doc-0-number": "4455667 LP", "phones": "71234567\n+591 2 2445566", "emails": "rq@example.org",
        "address": "Calle 3, Villa Adela, El Alto", "handle_platform": "TikTok", "handle": "@rosario.q",
    }))
    assert r.status_code == 302 and r["Location"] == reverse("persons:detail", args=[victim.public_id])
    phone = PersonPhone.objects.filter(person=victim).order_by("id").first()
    # Typed without a country code in a Bolivian case: read as a Bolivian number.
    assert phone.raw == "71234567" and phone.e164 == "+59171234567"
    assert phone.e164_bidx == blind_index("+59171234567", purpose="phone")
    assert PersonPhone.objects.filter(person=victim).count() == 2
    assert PersonDocument.objects.get(person=victim).issuing_country == "BO"
    assert PersonEmail.objects.get(person=victim).address == "rq@example.org"
    assert PersonHandle.objects.get(person=victim).platform == "TikTok"
    assert victim.addresses.get().text == "Calle 3, Villa Adela, El Alto"
    entry = AuditEntry.objects.get(action="person.identifiers_add")
    assert entry.details == {"documents": 1, "phones": 2, "emails": 1, "addresses": 1, "handles": 1}
    with connection.cursor() as cur:
        cur.execute("SELECT raw, e164 FROM persons_personphone WHERE person_id = %s", [victim.pk])
        assert all("71234567" not in value for row in cur.fetchall() for value in row)


def test_nothing_entered_or_invalid_input_is_a_form_error(world, client, victim):
    client.force_login(world["investigator"])
    r = client.post(add_url(victim), doc_data())
    assert r.status_code == 200 and r.context["form"].non_field_errors()
    r = client.post(add_url(victim), doc_data(**{"phones": "123", "emails": "not-an-email", "handle": "@x"}))
    assert r.status_code == 200
    assert {"phones", "emails", "handle_platform"} <= set(r.context["form"].errors)
    r = client.post(add_url(victim), doc_data(**{"doc-0-number": "123", "doc-0-issuing_country": "XX",
                                                 "phones": "71234567"}))
    assert r.status_code == 200 and r.context["docs"].total_error_count()
    assert not PersonPhone.objects.filter(person=victim).exists()
    assert not AuditEntry.objects.filter(action="person.identifiers_add").exists()


def test_add_another_document_row_without_javascript(world, client, victim):
    client.force_login(world["investigator"])
    r = client.post(add_url(victim), doc_data(**{"add_document": "1", "doc-0-number": "111", "phones": "71234567"}))
    body = r.content.decode()
    assert r.status_code == 200 and 'name="doc-1-number"' in body and 'value="111"' in body
    assert "errorlist" not in body and not PersonPhone.objects.exists()


def test_service_validates_and_refuses_empty_input(world, victim):
    from django.core.exceptions import ValidationError

    inv = world["investigator"]
    with pytest.raises(ValidationError):
        person_identifiers_add(actor=inv, person=victim, data=PersonInput(), default_region="BO")
    with pytest.raises(ValidationError) as exc:
        person_identifiers_add(actor=inv, person=victim, default_region="BO",
                               data=PersonInput(emails=["bad"], handles=[("", "@x")]))
    assert {"emails", "handles"} <= set(exc.value.message_dict)
    with pytest.raises(Forbidden):
        person_identifiers_add(actor=world["outsider"], person=victim, data=PersonInput(phones=["71234567"]),
                               default_region="BO")


def test_outsiders_get_404_and_readers_403(world, client, victim):
    for who in ("outsider", "other_supervisor", "auditor", "sysadmin", "monitoring"):
        client.force_login(world[who])
        assert client.get(add_url(victim)).status_code == 404, who
        assert client.post(add_url(victim), doc_data(phones="71234567")).status_code == 404, who
    add_participant(actor=world["investigator"], case=world["case"], user=world["liaison"])
    client.force_login(world["liaison"])
    assert client.post(add_url(victim), doc_data(phones="71234567")).status_code == 403
    assert not PersonPhone.objects.exists()
    # The person page offers the action only to those who may use it.
    assert add_url(victim) not in client.get(reverse("persons:detail", args=[victim.public_id])).content.decode()
    client.force_login(world["prosecutor"])
    assert add_url(victim) in client.get(reverse("persons:detail", args=[victim.public_id])).content.decode()
