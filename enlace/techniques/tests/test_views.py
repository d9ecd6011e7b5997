"""The pages: record, renew and confirm through the forms; bad input is a 400 with the error and
nothing written."""

import datetime as dt

import pytest
from django.utils import timezone

from enlace.cases.services_persons import case_person_add
from enlace.persons.services import PersonInput
from enlace.techniques.models import Authorisation

from .factories import make_authorisation

pytestmark = pytest.mark.django_db


def _form(world, **kw):
    today = timezone.localdate()
    data = {"auth-kind": "undercover", "auth-legal_basis": "CPP art. 282", "auth-authority": "Juzgado 4",
            "auth-judge": "Juez Flores", "auth-scope": "Agente encubierto en el taller",
            "auth-starts_on": today.isoformat(), "auth-expires_on": (today + dt.timedelta(days=90)).isoformat(),
            "auth-member_ids": [world["prosecutor"].pk], "auth-target_pseudonyms": "ZORRO\nCÓNDOR"}
    data.update(kw)
    return data


def test_record_an_authorisation_through_the_page(world, client):
    victim = case_person_add(actor=world["investigator"], case=world["case"], role="victim",
                             data=PersonInput(given_names="Rosaura", first_surname="Tintaya"))
    client.force_login(world["investigator"])
    page = client.get(f"/techniques/cases/{world['case'].public_id}/techniques/").content.decode()
    assert victim.person.pseudonym in page and "Rosaura" not in page  # target choices through the identity gate
    got = client.post(f"/techniques/cases/{world['case'].public_id}/techniques/new/", _form(world))
    auth = Authorisation.objects.get()
    assert got.status_code == 302 and got["Location"].endswith(f"/authorisations/{auth.public_id}/")
    assert sorted(t.pseudonym for t in auth.targets.all()) == ["CÓNDOR", "ZORRO"]
    assert set(auth.members.all()) == {world["investigator"], world["prosecutor"]}


def test_bad_input_is_a_400_with_the_error_and_nothing_written(world, client):
    client.force_login(world["investigator"])
    got = client.post(f"/techniques/cases/{world['case'].public_id}/techniques/new/",
                      _form(world, **{"auth-expires_on": "2000-01-01"}))
    assert got.status_code == 400
    assert "The expiry cannot be before the start." in got.content.decode()
    assert not Authorisation.objects.exists()


def test_renew_and_confirm_through_the_page(world, client):
    auth = make_authorisation(world, emergency=True, confirm_by=timezone.now() + dt.timedelta(hours=8))
    client.force_login(world["investigator"])
    page = client.get(f"/techniques/authorisations/{auth.public_id}/").content.decode()
    assert "Record the judge&#x27;s confirmation" in page or "Record the judge's confirmation" in page
    ok = client.post(f"/techniques/authorisations/{auth.public_id}/confirm/", {"cf-version": auth.version,
                                                                        "cf-confirmed_by": "Juez Mamani"})
    assert ok.status_code == 302
    stale = client.post(f"/techniques/authorisations/{auth.public_id}/confirm/", {"cf-version": auth.version,
                                                                           "cf-confirmed_by": "Juez Mamani"})
    assert stale.status_code == 400
    renewed = client.post(f"/techniques/authorisations/{auth.public_id}/renew/", {
        "rn-expires_on": (auth.expires_on + dt.timedelta(days=30)).isoformat(), "rn-judge": "Juez Quispe"})
    renewal = Authorisation.objects.get(renews=auth)
    assert renewed.status_code == 302 and renewed["Location"].endswith(f"/authorisations/{renewal.public_id}/")
