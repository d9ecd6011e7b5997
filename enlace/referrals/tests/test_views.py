"""Referral pages: refer with consent in one form, the recipient's restricted page, withdrawal, directory."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enlace.links.tests.links_factories import add_person
from enlace.referrals import services
from enlace.referrals.models import Consent, Notification, Referral, ServiceOffer
from enlace.referrals.tests.factories import give_consent, make_provider, make_screener, screened
from enlace.screening import services as screening_services

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def setting(world):
    screener = make_screener(world)
    provider, ngo = make_provider()
    offer = services.offer_create(actor=provider, institution=ngo, service="shelter", country="BO", subdivision="BO-L",
                                  contact="+591 2 2222222", capacity_notes="12 beds")
    return screener, screened(screener, anonymous=False, names=("Rosa", "Mamani")), provider, ngo, offer


def _refer_data(offer, **extra):
    return {"offer": offer.pk, "categories": ["first_name", "age", "needs"], "basis": "consent", "informed": "on",
            "explained_in": "Spanish", "needs": "A bed tonight", "language": "Quechua", **extra}


def test_refer_with_consent_in_one_form(setting):
    screener, s, provider, ngo, offer = setting
    url = reverse("referrals:refer", args=["screening", s.public_id])
    page = client_for(screener).get(url)
    assert page.status_code == 200 and "Fundación" in page.content.decode()
    response = client_for(screener).post(url, _refer_data(offer))
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:detail", args=[referral.public_id])
    assert referral.recipient == ngo and referral.service == "shelter" and referral.offer == offer
    assert referral.consent.categories == ["first_name", "age", "needs"] and referral.consent.explained_in == "Spanish"


def test_refer_without_consent_is_refused_and_saves_nothing(setting):
    screener, s, _provider, _ngo, offer = setting
    response = client_for(screener).post(reverse("referrals:refer", args=["screening", s.public_id]),
                                         _refer_data(offer, informed=""))
    assert response.status_code == 200
    assert "Confirm that the person was told" in response.content.decode()
    assert not Referral.objects.exists() and not Consent.objects.exists()


def test_recipient_page_is_restricted_and_answers_work(setting, world):
    screener, s, provider, ngo, offer = setting
    client_for(screener).post(reverse("referrals:refer", args=["screening", s.public_id]),
                              _refer_data(offer, categories=["first_name"]))
    referral = Referral.objects.get()
    html = client_for(provider).get(reverse("referrals:incoming", args=[referral.public_id])).content.decode()
    assert s.pseudonym in html and "Rosa" in html
    for hidden in ("Mamani", "A bed tonight", "Quechua", "Desaguadero"):
        assert hidden not in html
    listing = client_for(provider).get(reverse("referrals:home")).content.decode()
    assert referral.reference in listing
    client_for(provider).post(reverse("referrals:respond", args=[referral.public_id]),
                              {"to_status": "accepted", "version": referral.version})
    assert Referral.objects.get().status == "accepted"
    # Other organisations and the screener get 404 on the recipient page.
    assert client_for(world["service_provider"]).get(reverse("referrals:incoming", args=[referral.public_id])).status_code == 404
    assert client_for(screener).get(reverse("referrals:incoming", args=[referral.public_id])).status_code == 404
    assert client_for(provider).get(reverse("referrals:detail", args=[referral.public_id])).status_code == 404


def test_withdrawing_consent_on_the_subject_page_cuts_access(setting):
    screener, s, provider, ngo, _offer = setting
    consent = give_consent(screener, screening=s, recipient=ngo)
    referral = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    url = reverse("referrals:incoming", args=[referral.public_id])
    assert client_for(provider).get(url).status_code == 200
    subject = client_for(screener).get(reverse("referrals:subject", args=["screening", s.public_id])).content.decode()
    assert "In force" in subject
    client_for(screener).post(reverse("referrals:consent_revoke", args=[consent.public_id]), {"note": "She asked"})
    assert client_for(provider).get(url).status_code == 404
    assert Referral.objects.get().status == "revoked"


def test_subject_page_is_need_to_know(setting, world):
    _screener, s, provider, _ngo, _offer = setting
    stranger = make_screener(world, username="scr_stranger")
    for user in (stranger, provider, world["investigator"], world["auditor"]):
        assert client_for(user).get(reverse("referrals:subject", args=["screening", s.public_id])).status_code == 404
        assert client_for(user).get(reverse("referrals:refer", args=["screening", s.public_id])).status_code == 404


def test_child_refer_page_asks_for_guardian(world):
    screener = make_screener(world)
    child = screened(screener, age=14)
    html = client_for(screener).get(reverse("referrals:refer", args=["screening", child.public_id])).content.decode()
    assert "may be, under 18" in html
    assert '<input type="radio" name="basis" value="best_interest" required id="id_basis_1" checked>' in html


def test_directory_filter_and_add(setting, world):
    screener, _s, provider, ngo, _offer = setting
    html = client_for(screener).get(reverse("referrals:directory") + "?subdivision=BO-L&service=shelter").content.decode()
    assert ngo.name in html and "12 beds" in html
    assert ngo.name not in client_for(screener).get(reverse("referrals:directory") + "?service=medical").content.decode()
    client_for(provider).post(reverse("referrals:directory"),
                              {"institution": ngo.pk, "service": "medical", "subdivision": "BO-C", "contact": "x"})
    assert ServiceOffer.objects.filter(service="medical", institution=ngo).exists()
    assert client_for(screener).post(reverse("referrals:directory"), {"institution": ngo.pk}).status_code == 403
    assert client_for(world["auditor"]).get(reverse("referrals:directory")).status_code == 403


def test_notifications_page_and_mark_read(setting):
    screener, s, provider, ngo, _offer = setting
    give_consent(screener, screening=s, recipient=ngo)
    referral = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    note = Notification.objects.get(user=provider)
    html = client_for(provider).get(reverse("referrals:notifications")).content.decode()
    assert f"New referral {referral.reference} for Shelter." in html
    response = client_for(provider).post(reverse("referrals:notifications_read"), {"id": note.pk})
    assert response["Location"] == f"/referrals/incoming/{referral.public_id}/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_protection_pages_for_case_workers(setting, world):
    screener, s, _provider, _ngo, _offer = setting
    screening_services.screening_hand_over(actor=screener, screening=s, team=world["team"])
    s.refresh_from_db()
    cp = screening_services.screening_convert(actor=world["investigator"], screening=s, expected_version=s.version)
    investigator = client_for(world["investigator"])
    start = timezone.localdate()
    response = investigator.post(reverse("referrals:recovery_new", args=[cp.person.public_id]),
                                 {"starts_on": start.isoformat(), "ends_on": (start + dt.timedelta(days=30)).isoformat()})
    assert response.status_code == 302
    investigator.post(reverse("referrals:non_punishment_new", args=[cp.person.public_id]), {"offences": ["illegal_work"]})
    html = investigator.get(reverse("referrals:subject", args=["person", cp.person.public_id])).content.decode()
    assert "Work without a permit" in html and "Reflection and recovery period" in html
    # The screener who identified the person can still refer, but sees no protection records.
    screener_html = client_for(screener).get(reverse("referrals:subject", args=["person", cp.person.public_id])).content.decode()
    assert "Work without a permit" not in screener_html
    assert client_for(screener).get(reverse("referrals:recovery_new", args=[cp.person.public_id])).status_code == 404


def test_a_child_by_birth_date_alone_must_name_guardian_and_authority(world):
    """No age recorded anywhere: the birth date alone makes the person a child, and the fields the
    warning asks for are marked required, not optional."""
    born = timezone.localdate().year - 15
    person = add_person(world["investigator"], world["case"], role="victim", given_names="Rosa",
                        first_surname="Quispe", birth_year=born, birth_month=1, birth_day=1)
    html = client_for(world["investigator"]).get(
        reverse("referrals:consent_new", args=["person", person.public_id])).content.decode()
    assert "may be, under 18" in html
    for name in ("guardian_name", "best_interest_authority"):
        assert re.search(rf'<input[^>]*name="{name}"[^>]*required', html), name
        label = re.search(rf'<label for="id_{name}">(.*?)</label>', html, re.S).group(1)
        assert "optional" not in label


def test_an_adults_guardian_fields_stay_optional(world):
    person = add_person(world["investigator"], world["case"], role="victim", given_names="Rosa",
                        first_surname="Quispe", birth_year=timezone.localdate().year - 30)
    html = client_for(world["investigator"]).get(
        reverse("referrals:consent_new", args=["person", person.public_id])).content.decode()
    assert "may be, under 18" not in html
    assert not re.search(r'<input[^>]*name="guardian_name"[^>]*required', html)


def test_the_recipient_filters_its_list_and_sees_whom_to_ask(setting):
    from enlace.accounts.models import User

    screener, screening, provider, ngo, _offer = setting
    User.objects.filter(pk=screener.pk).update(first_name="Edwin", last_name="Ticona", email="eticona@example.org")
    second = screened(screener)
    referrals = []
    for subject, service in ((screening, "shelter"), (second, "medical")):
        give_consent(screener, screening=subject, recipient=ngo, purpose=service)
        referrals.append(services.referral_create(actor=screener, screening=subject, service=service, recipient=ngo))
    services.referral_respond(actor=provider, referral_id=referrals[1].public_id, to_status="accepted",
                              expected_version=referrals[1].version)
    client = client_for(provider)
    home = reverse("referrals:home")

    def listed(**query) -> set[str]:
        html = client.get(home, query).content.decode()
        return {r.reference for r in referrals if f">{r.reference}</a>" in html}

    assert listed() == {referrals[0].reference, referrals[1].reference}
    assert listed(status="sent") == {referrals[0].reference}
    assert listed(status="accepted") == {referrals[1].reference}
    assert listed(q=referrals[1].reference.lower()) == {referrals[1].reference}
    assert listed(q=second.pseudonym) == {referrals[1].reference}
    assert listed(q="REF-99999") == set()
    assert "No referral matches these filters" in client.get(home, {"q": "REF-99999"}).content.decode()
    # the home panel's counts lead to the list filtered by their status
    assert f'href="{home}?status=accepted"' in client.get("/").content.decode()

    page = client.get(reverse("referrals:incoming", args=[referrals[0].public_id])).content.decode()
    assert "Contact at the sender: Edwin Ticona" in page and "mailto:eticona@example.org" in page
