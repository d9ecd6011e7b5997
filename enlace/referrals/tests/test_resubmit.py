"""Back and resubmit on the screening and referral create forms: a screening, a consent and a
referral are each created once, and a corrected refusal goes through."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from enlace.referrals.models import Consent, Referral
from enlace.referrals.tests.factories import make_screener
from enlace.referrals.tests.test_views import _refer_data, client_for, setting  # noqa: F401  (fixture)
from enlace.screening.models import Screening

pytestmark = pytest.mark.django_db


def _token(html: str) -> str:
    marker = 'name="form_token" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def test_a_screening_is_started_once(world):
    client = client_for(make_screener(world))
    url = reverse("screening:new")
    data = {"exploitation": "labour", "age_at_exploitation": "24", "screened_on": timezone.localdate().isoformat(),
            "country": "BO", "subdivision": "BO-L", "place_description": "Desaguadero", "action": "next",
            "form_token": _token(client.get(url).content.decode())}
    first = client.post(url, data)
    again = client.post(url, data)  # a double tap
    assert Screening.objects.count() == 1 and again["Location"] == first["Location"]
    data["form_token"] = _token(client.get(url).content.decode())  # Back: a new token, the same content
    assert client.post(url, data)["Location"] == first["Location"] and Screening.objects.count() == 1
    data.update({"form_token": _token(client.get(url).content.decode()), "place_description": "Kasani"})
    client.post(url, data)
    assert Screening.objects.count() == 2


def test_a_referral_and_its_consent_are_created_once(setting):  # noqa: F811
    screener, s, _provider, _ngo, offer = setting
    client = client_for(screener)
    url = reverse("referrals:refer", args=["screening", s.public_id])
    data = _refer_data(offer, form_token=_token(client.get(url).content.decode()))
    first = client.post(url, data)
    data["form_token"] = _token(client.get(url).content.decode())
    again = client.post(url, data)
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Referral.objects.count() == 1 and Consent.objects.count() == 1


def test_a_refused_referral_can_be_corrected_and_sent(setting):  # noqa: F811
    screener, s, _provider, _ngo, offer = setting
    client = client_for(screener)
    url = reverse("referrals:refer", args=["screening", s.public_id])
    token = _token(client.get(url).content.decode())
    refused = client.post(url, _refer_data(offer, informed="", form_token=token))
    assert refused.status_code == 200 and _token(refused.content.decode()) == token
    assert client.post(url, _refer_data(offer, form_token=token)).status_code == 302
    assert Referral.objects.count() == 1


def test_a_consent_is_recorded_once(setting):  # noqa: F811
    screener, s, _provider, ngo, _offer = setting
    client = client_for(screener)
    url = reverse("referrals:consent_new", args=["screening", s.public_id])
    html = client.get(url).content.decode()
    data = {"recipient": ngo.pk, "purpose": "shelter", "categories": ["first_name"], "basis": "consent",
            "informed": "on", "explained_in": "Spanish", "given_on": timezone.localdate().isoformat(),
            "form_token": _token(html)}
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:3000]
    data["form_token"] = _token(client.get(url).content.decode())
    assert client.post(url, data)["Location"] == first["Location"]
    assert Consent.objects.count() == 1
