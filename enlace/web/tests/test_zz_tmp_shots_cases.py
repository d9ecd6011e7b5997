import pytest

from enlace.cases.services_entities import case_bank_account_add, case_organisation_add, case_vehicle_add
from enlace.cases.services_persons import case_person_add
from enlace.persons.services import PersonInput

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    from enlace.cases.tests.factories import make_case_world
    return make_case_world()


@pytest.mark.parametrize("kind", ["desk", "phone"])
def test_shots(world, browser_page, phone_page, login_as, kind):
    page = browser_page if kind == "desk" else phone_page
    inv, case = world["investigator"], world["case"]
    cp = case_person_add(actor=inv, case=case, role="victim", data=PersonInput(given_names="Rosa"), age_at_exploitation=16)
    case_person_add(actor=inv, case=case, role="suspect", data=PersonInput(given_names="Marco", first_surname="Villca"),
                    perpetrator_roles=["recruiter"])
    v = case_vehicle_add(actor=inv, case=case, plate="2345-ABC", country="BO", description="Minibus Toyota blanco")
    case_bank_account_add(actor=inv, case=case, number="1000-2345-6789", bank="BNB", country="BO")
    case_organisation_add(actor=inv, case=case, name="Agencia Empleos Rápidos", kind="recruitment", country="BO",
                          registration_number="1020304")
    name = kind
    login_as(page, inv)
    page.goto(f"/cases/{case.pk}/?tab=entities")
    page.screenshot(path=f"/tmp/i18n/{name}_entities0.png", full_page=True)
    print(page.evaluate("() => document.documentElement.scrollWidth + ' ' + document.documentElement.clientWidth"))
    page.locator(".tab-panel summary", has_text="Add a vehicle").click()
    page.screenshot(path=f"/tmp/i18n/{name}_entities.png", full_page=True)
    page.goto(f"/cases/{case.pk}/?tab=persons")
    page.screenshot(path=f"/tmp/i18n/{name}_persons.png", full_page=True)
    page.goto(f"/cases/{case.pk}/persons/{cp.pk}/edit/")
    page.screenshot(path=f"/tmp/i18n/{name}_person_edit.png", full_page=True)
    page.goto(f"/persons/{cp.person_id}/identifiers/add/")
    page.screenshot(path=f"/tmp/i18n/{name}_ident.png", full_page=True)
    page.goto(f"/cases/{case.pk}/entities/vehicle/{v.pk}/edit/")
    page.screenshot(path=f"/tmp/i18n/{name}_veh_edit.png", full_page=True)
