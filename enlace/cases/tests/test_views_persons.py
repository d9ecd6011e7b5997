"""Adding a person to a case: new (with identifiers) or existing (by pseudonym), all or nothing."""

import pytest
from django.urls import reverse

from enlace.cases.models import CasePerson
from enlace.cases.services import case_create
from enlace.cases.services_persons import case_person_add
from enlace.cases.tests.factories import share_case
from enlace.persons.models import Person, PersonDocument, PersonPhone
from enlace.persons.services import PersonInput

pytestmark = pytest.mark.django_db


def form_data(**extra):
    data = {"role": "victim", "existing": "", "doc-TOTAL_FORMS": "1", "doc-INITIAL_FORMS": "0",
            "doc-MIN_NUM_FORMS": "0", "doc-MAX_NUM_FORMS": "10", "doc-0-doc_type": "national_id",
            "doc-0-number": "", "doc-0-issuing_country": "BO", "p-sex": "F"}
    data.update(extra)
    return data


@pytest.fixture
def inv(world, client):
    client.force_login(world["investigator"])
    return client


def add_url(world):
    return reverse("cases:person_add", args=[world["case"].public_id])


def test_form_renders(world, inv):
    r = inv.get(add_url(world))
    assert r.status_code == 200 and 'name="doc-0-number"' in r.content.decode()


def test_add_new_victim_with_identifiers(world, inv):
    r = inv.post(add_url(world), form_data(**{
        "p-given_names": "Rosa María", "p-first_surname": "Mamani", "p-second_surname": "Quispe",
        "p-aliases": "Rosita\n\nLa Flaca", "p-birth_year": "2007", "p-birth_month": "3", "p-nationality": "BO",
        "doc-0-number": "7788990 LP", "p-phones": "+591 71234567\n76543210", "p-emails": "rosa@example.org",
        "p-address": "Zona 16 de Julio, El Alto", "p-handle_platform": "TikTok", "p-handle": "@rosita",
        "age_at_exploitation": "16", "means_of_control": ["debt_bondage", "withholds_documents"],
        "recruiter_relation": "friend", "trafficking_status": "possible", "status_decided_by": "police",
    }))
    assert r.status_code == 302
    cp = CasePerson.objects.get()
    # The page that confirms the addition shows the person's hits (the matching app's page).
    assert r["Location"] == reverse("links:person_added", args=[world["case"].public_id, cp.person.public_id])
    person = cp.person
    assert person.pseudonym == "V-LPZ-0001" and person.aliases == "Rosita\nLa Flaca" and person.birth_month == 3
    assert cp.means_of_control == ["debt_bondage", "withholds_documents"] and cp.age_at_exploitation == 16
    assert PersonDocument.objects.get(person=person).issuing_country == "BO"
    assert PersonPhone.objects.filter(person=person).count() == 2
    assert person.handles.get().platform == "TikTok"
    # The URL and the flash carry the pseudonym, never the name.
    page = inv.get(r["Location"]).content.decode()
    assert "V-LPZ-0001 was added" in page


def test_add_suspect_with_perpetrator_roles(world, inv):
    r = inv.post(add_url(world), form_data(role="suspect", **{"p-given_names": "Marco", "p-first_surname": "Villca",
                                                              "perpetrator_roles": ["recruiter", "exploiter"]}))
    assert r.status_code == 302
    cp = CasePerson.objects.get()
    assert cp.perpetrator_roles == ["recruiter", "exploiter"] and cp.person.pseudonym.startswith("S-")


def test_add_existing_person_by_pseudonym(world, inv):
    other = case_create(actor=world["investigator"], title="Second case", lead_institution=world["police"],
                        team=world["team"])
    cp = case_person_add(actor=world["investigator"], case=other, role="witness", data=PersonInput(given_names="Ana"))
    r = inv.post(add_url(world), form_data(role="victim", existing=cp.person.pseudonym.lower()))
    assert r.status_code == 302
    assert Person.objects.count() == 1 and CasePerson.objects.filter(case=world["case"], person=cp.person).exists()


def test_existing_person_not_visible_is_refused(world, inv):
    theirs = case_create(actor=world["outsider"], title="Theirs", lead_institution=world["other"])
    cp = case_person_add(actor=world["outsider"], case=theirs, role="victim", data=PersonInput(given_names="X"))
    r = inv.post(add_url(world), form_data(existing=cp.person.pseudonym))
    assert r.status_code == 200 and "existing" in r.context["role_form"].errors
    assert not CasePerson.objects.filter(case=world["case"]).exists()


@pytest.mark.parametrize("bad, form_name, field", [
    ({"role": ""}, "role_form", "role"),
    ({"p-emails": "not-an-email"}, "person_form", "emails"),
    ({"p-phones": "12"}, "person_form", "phones"),
    ({"p-birth_day": "12"}, "person_form", "birth_month"),
    ({"p-birth_year": "1850"}, "person_form", "birth_year"),
    ({"p-sex": "Q"}, "person_form", "sex"),
    ({"p-handle": "@someone"}, "person_form", "handle_platform"),
    ({"role": "witness", "perpetrator_roles": ["recruiter"]}, "role_form", "perpetrator_roles"),
    ({"role": "suspect", "age_at_exploitation": "15"}, "role_form", "age_at_exploitation"),
    ({"age_at_exploitation": "300"}, "role_form", "age_at_exploitation"),
    ({"existing": "V-NOPE-9999"}, "role_form", "existing"),
])
def test_invalid_input_shows_field_errors_and_writes_nothing(world, inv, bad, form_name, field):
    r = inv.post(add_url(world), form_data(**{"p-given_names": "Rosa", **bad}))
    assert r.status_code == 200
    assert field in r.context[form_name].errors
    assert "Nothing was saved" in r.content.decode()
    assert not Person.objects.exists() and not CasePerson.objects.exists()


def test_empty_new_person_is_refused(world, inv):
    r = inv.post(add_url(world), form_data())
    assert r.status_code == 200 and r.context["role_form"].non_field_errors()
    assert not Person.objects.exists()


def test_existing_and_new_together_is_refused(world, inv):
    r = inv.post(add_url(world), form_data(existing="V-LPZ-0001", **{"p-given_names": "Rosa"}))
    assert r.status_code == 200 and not Person.objects.exists()


def test_service_error_leaves_nothing_half_written(world, inv, monkeypatch):
    """The person row is written before the identifiers: a failure there must undo it."""
    from django.core.exceptions import ValidationError

    from enlace.persons import identifiers

    def refuse(raw, *, default_region):
        raise ValidationError({"phones": "Refused by the test."})

    monkeypatch.setattr(identifiers, "phone_index", refuse)
    r = inv.post(add_url(world), form_data(**{"p-given_names": "Rosa", "p-phones": "71234567"}))
    assert r.status_code == 200 and "Refused by the test." in r.context["person_form"].errors["phones"]
    assert not Person.objects.exists() and not CasePerson.objects.exists() and not PersonPhone.objects.exists()


def test_add_another_document_row_without_js(world, inv):
    r = inv.post(add_url(world), form_data(add_document="1", **{"p-given_names": "Rosa", "doc-0-number": "123"}))
    assert r.status_code == 200 and not Person.objects.exists()
    body = r.content.decode()
    assert 'name="doc-1-number"' in body and 'value="Rosa"' in body and 'value="123"' in body
    assert "errorlist" not in body  # re-displayed, not validated
    r = inv.post(add_url(world), form_data(**{"p-given_names": "Rosa", "doc-TOTAL_FORMS": "2", "doc-0-number": "123",
                                             "doc-1-doc_type": "passport", "doc-1-number": "AB123456",
                                             "doc-1-issuing_country": "PE"}))
    assert r.status_code == 302 and PersonDocument.objects.count() == 2


def test_summary_reader_and_liaison_cannot_add(world, client):
    share_case(actor=world["investigator"], case=world["case"], institution=world["other"], scope="full",
                        purpose="Joint investigation team")
    client.force_login(world["liaison"])
    assert client.get(add_url(world)).status_code == 403


def test_a_phone_that_cannot_be_read_is_refused_by_line_unless_kept_unverified(world, inv):
    data = form_data(**{"p-given_names": "Rosa", "p-phones": "+591 71234567\nabc 7654321x"})
    r = inv.post(add_url(world), data)
    assert r.status_code == 200 and not CasePerson.objects.exists()
    assert "Line 2 is not a phone number that can be checked" in r.content.decode()
    data["p-phones_unverified"] = "on"
    assert inv.post(add_url(world), data).status_code == 302
    phones = PersonPhone.objects.filter(person=CasePerson.objects.get().person)
    assert sorted(bool(p.e164) for p in phones) == [False, True]  # the unverified one is kept, unmatched


def test_an_impossible_birth_date_is_refused(world, inv):
    data = form_data(**{"p-given_names": "Rosa", "p-birth_day": "31", "p-birth_month": "2", "p-birth_year": "2020"})
    r = inv.post(add_url(world), data)
    assert r.status_code == 200 and "This day does not exist in that month." in r.content.decode()
    assert not CasePerson.objects.exists()
    data.update({"p-birth_day": "29", "p-birth_year": "2020"})  # a leap year
    assert inv.post(add_url(world), data).status_code == 302
