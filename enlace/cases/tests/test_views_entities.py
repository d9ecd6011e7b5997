"""The "Entities" tab: organisations, vehicles and bank accounts through the UI. Valid input
saves, invalid input comes back on the form (never a 500), a stale version is a conflict,
and someone who may not see the case gets the same 404 as for a missing one."""

import pytest
from django.urls import reverse

from enlace.cases.services import case_create
from enlace.cases.services_entities import case_bank_account_add, case_organisation_add, case_vehicle_add
from enlace.cases.tests.factories import add_participant, share_case
from enlace.persons.models import BankAccount, Organisation, Vehicle

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "case-tabs"}


@pytest.fixture
def inv(world, client):
    client.force_login(world["investigator"])
    return client


def url(name, world, *extra):
    return reverse(f"cases:{name}", args=[world["case"].public_id, *extra])


def tab(world):
    return url("detail", world) + "?tab=entities"


def test_tab_lists_entities_and_offers_the_forms(world, inv):
    case = world["case"]
    case_vehicle_add(actor=world["investigator"], case=case, plate="2345-ABC", description="Minibus Toyota blanco")
    case_bank_account_add(actor=world["investigator"], case=case, number="1000-2345-6789", bank="BNB")
    case_organisation_add(actor=world["investigator"], case=case, name="Agencia Empleos Rápidos", kind="recruitment")
    r = inv.get(tab(world))
    body = r.content.decode()
    assert r.status_code == 200
    for text in ("2345-ABC", "Minibus Toyota blanco", "1000-2345-6789", "BNB", "Agencia Empleos Rápidos",
                 'name="veh-plate"', 'name="acc-number"', 'name="org-name"', "Recruitment or employment agency"):
        assert text in body, text


def test_vehicle_add_full_page_and_htmx(world, inv):
    r = inv.post(url("vehicle_add", world), {"veh-plate": "2345-ABC", "veh-country": "BO", "veh-description": ""})
    assert r.status_code == 302 and r["Location"].endswith("?tab=entities")
    r = inv.post(url("vehicle_add", world), {"veh-plate": "777-XYZ", "veh-country": "PE"}, headers=HTMX)
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and "777-XYZ" in body and "Vehicle added." in body
    assert set(world["case"].vehicles.values_list("plate", flat=True)) == {"2345-ABC", "777-XYZ"}


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_vehicle_invalid_and_duplicate_come_back_on_the_form(world, inv, headers):
    r = inv.post(url("vehicle_add", world), {"veh-plate": "", "veh-country": "BO"}, headers=headers)
    assert r.status_code == 200 and "plate" in r.context["vehicle_form"].errors
    r = inv.post(url("vehicle_add", world), {"veh-plate": "1234ABC", "veh-country": "QQ"}, headers=headers)
    assert r.status_code == 200 and "country" in r.context["vehicle_form"].errors
    inv.post(url("vehicle_add", world), {"veh-plate": "1234ABC", "veh-country": "BO"})
    r = inv.post(url("vehicle_add", world), {"veh-plate": "1234 abc", "veh-country": "BO"}, headers=headers)
    assert r.status_code == 200 and "This vehicle is already in the case." in r.context["vehicle_form"].errors["plate"]
    assert Vehicle.objects.count() == 1


def test_validation_errors_follow_the_user_language(world, inv):
    """Messages are translated per request (lazy constants too), not frozen at import time."""
    from django.utils import translation

    case_vehicle_add(actor=world["investigator"], case=world["case"], plate="1234ABC")
    inv.cookies["django_language"] = "es"
    r = inv.post(url("vehicle_add", world), {"veh-plate": "1234 abc", "veh-country": "BO"}, HTTP_ACCEPT_LANGUAGE="es")
    assert r.status_code == 200 and r.context["LANGUAGE_CODE"] == "es"
    r2 = inv.post(url("account_add", world), {"acc-number": "1", "acc-country": "BO"}, HTTP_ACCEPT_LANGUAGE="es")
    with translation.override("es"):
        duplicate = translation.gettext("This vehicle is already in the case.")
        too_short = translation.gettext("An account number needs at least four letters or digits.")
    assert duplicate != "This vehicle is already in the case."  # the Spanish catalogue has it
    assert r.context["vehicle_form"].errors["plate"] == [duplicate]
    assert r2.context["account_form"].errors["number"] == [too_short]


def test_account_add_and_organisation_new_or_on_file(world, inv):
    r = inv.post(url("account_add", world), {"acc-number": "1000 2345 6789", "acc-bank": "BNB", "acc-country": "BO"})
    assert r.status_code == 302 and BankAccount.objects.get().number == "1000 2345 6789"
    r = inv.post(url("organisation_add", world), {"org-name": "", "org-kind": "business", "org-country": "BO"})
    assert r.status_code == 200 and "name" in r.context["organisation_form"].errors
    r = inv.post(url("organisation_add", world), {"org-name": "Agencia", "org-kind": "recruitment", "org-country": "BO"})
    assert r.status_code == 302
    org = Organisation.objects.get()
    second = case_create(actor=world["investigator"], title="Second", lead_institution=world["police"],
                         team=world["team"])
    r = inv.get(reverse("cases:detail", args=[second.public_id]) + "?tab=entities")
    assert f'<option value="{org.pk}">Agencia</option>' in r.content.decode()
    r = inv.post(reverse("cases:organisation_add", args=[second.public_id]), {"org-existing": org.pk, "org-kind": "business"})
    assert r.status_code == 302 and list(second.organisations.all()) == [org]
    # An id that is not offered (not on file in the user's cases) is a field error, not a write.
    case_organisation_add(actor=world["investigator"], case=second, name="Otra")
    theirs = case_create(actor=world["outsider"], title="Theirs", lead_institution=world["other"])
    hidden = case_organisation_add(actor=world["outsider"], case=theirs, name="Hidden SRL")
    r = inv.post(url("organisation_add", world), {"org-existing": hidden.pk, "org-kind": "business"})
    assert r.status_code == 200 and "existing" in r.context["organisation_form"].errors
    assert not world["case"].organisations.filter(pk=hidden.pk).exists()


def test_edit_page_saves_and_a_stale_version_is_a_conflict(world, inv, client):
    v = case_vehicle_add(actor=world["investigator"], case=world["case"], plate="2345-ABC", country="BO")
    edit = url("entity_edit", world, "vehicle", v.pk)
    r = inv.get(edit)
    assert r.status_code == 200 and 'value="2345-ABC"' in r.content.decode()
    r = inv.post(edit, {"plate": "2345-ABD", "country": "BO", "description": "Rojo", "version": v.version})
    assert r.status_code == 302 and r["Location"].endswith("?tab=entities")
    # The same form sent again with the version it was loaded with: someone saved in between.
    r = inv.post(edit, {"plate": "9999-ZZZ", "country": "BO", "description": "", "version": v.version})
    assert r.status_code == 200 and "Someone else changed this record" in r.content.decode()
    v.refresh_from_db()
    assert v.plate == "2345-ABD" and v.description == "Rojo"
    r = inv.post(edit, {"plate": "", "country": "BO", "version": v.version})
    assert r.status_code == 200 and "plate" in r.context["form"].errors


def test_remove(world, inv):
    acc = case_bank_account_add(actor=world["investigator"], case=world["case"], number="123456789")
    remove = url("entity_remove", world, "account", acc.pk)
    assert inv.get(remove).status_code == 302 and BankAccount.objects.exists()
    r = inv.post(remove, headers=HTMX)
    assert r.status_code == 200 and "Removed from the case." in r.content.decode() and not BankAccount.objects.exists()


def test_outsiders_get_404_on_every_entity_url(world, client):
    v = case_vehicle_add(actor=world["investigator"], case=world["case"], plate="2345-ABC")
    urls = [url("vehicle_add", world), url("account_add", world), url("organisation_add", world),
            url("entity_edit", world, "vehicle", v.pk), url("entity_remove", world, "vehicle", v.pk),
            url("detail", world) + "?tab=entities"]
    for who in ("outsider", "other_supervisor", "auditor", "sysadmin", "monitoring", "screener"):
        client.force_login(world[who])
        for u in urls:
            assert client.get(u).status_code == 404, (who, u)
            assert client.post(u, {"veh-plate": "1111AAA", "plate": "1111AAA", "version": 1}).status_code == 404, (who, u)
    v.refresh_from_db()
    assert v.plate == "2345-ABC" and Vehicle.objects.count() == 1


def test_unknown_kind_or_entity_of_another_case_is_404(world, inv):
    theirs = case_create(actor=world["outsider"], title="Theirs", lead_institution=world["other"])
    v = case_vehicle_add(actor=world["outsider"], case=theirs, plate="9999XYZ")
    assert inv.get(url("entity_edit", world, "vehicle", v.pk)).status_code == 404
    assert inv.get(url("entity_edit", world, "person", v.pk)).status_code == 404
    assert inv.post(url("entity_remove", world, "vehicle", v.pk)).status_code == 404
    assert Vehicle.objects.filter(pk=v.pk).exists()


def test_readers_without_write_role_see_the_tab_but_no_forms(world, client):
    add_participant(actor=world["investigator"], case=world["case"], user=world["liaison"])
    v = case_vehicle_add(actor=world["investigator"], case=world["case"], plate="2345-ABC")
    client.force_login(world["liaison"])
    body = client.get(tab(world)).content.decode()
    assert "2345-ABC" in body and 'name="veh-plate"' not in body
    assert client.post(url("vehicle_add", world), {"veh-plate": "1111AAA"}).status_code == 403
    assert client.get(url("entity_edit", world, "vehicle", v.pk)).status_code == 403


def test_summary_sharing_shows_no_entities(world, client):
    case_vehicle_add(actor=world["investigator"], case=world["case"], plate="2345-ABC")
    share_case(actor=world["investigator"], case=world["case"], institution=world["other"], scope="summary",
                        purpose="Joint operation")
    client.force_login(world["outsider"])
    r = client.get(tab(world))
    assert r.status_code == 200 and r.context["tab"] == "overview" and "2345-ABC" not in r.content.decode()
