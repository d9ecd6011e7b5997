"""The create forms of administration, cooperation and capacity create once, however often they
are sent: the same page sent twice (a double tap, a retry), or Back and the refilled form sent
again under a new token; refused input may be corrected and sent again."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def token(client: Client, url: str) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', client.get(url).content.decode())
    assert found is not None, "the form carries no one-submission token"
    return found.group(1)


def test_an_information_request_is_sent_once(world):
    from enlace.accounts.tests.factories import InstitutionFactory, make_user
    from enlace.cooperation.models import InformationRequest
    from enlace.cooperation.services import liaison_name
    from enlace.cooperation.tests.factories import make_agreement

    border = InstitutionFactory(kind="migration", code="border-f", name="Border F")
    liaison_name(actor=None, user=make_user("liaison", institution=border, username="border_f"), institution=border)
    agreement = make_agreement("mou-border-f", [world["police"], border])
    client, url = client_for(world["investigator"]), reverse("cooperation:request_create")
    data = {"institution": border.pk, "agreement": agreement.pk, "category": "persons", "urgency": "routine",
            "question": "Crossings at Desaguadero", "reason": "Route of the case"}

    first_token = token(client, url)
    first = client.post(url, {**data, "form_token": first_token})
    assert first.status_code == 302 and InformationRequest.objects.count() == 1
    again = client.post(url, {**data, "form_token": first_token}, follow=True)  # a double tap
    assert again.redirect_chain[0][0] == first["Location"]
    assert "This form was already sent" in again.content.decode()
    back = client.post(url, {**data, "form_token": token(client, url)})  # Back: a new token, the same content
    assert back["Location"] == first["Location"] and InformationRequest.objects.count() == 1

    other = client.post(url, {**data, "question": "Crossings at Kasani", "form_token": token(client, url)})
    assert other.status_code == 302 and InformationRequest.objects.count() == 2


def test_refused_input_may_be_corrected_and_sent_again(world):
    from enlace.accounts.models import Team

    client, url = client_for(world["sysadmin"]), reverse("accounts:team_create")
    sent = token(client, url)
    data = {"name": "EME Oruro", "code": "eme-oruro", "country": "BO", "subdivision": "BO-O", "form_token": sent}
    refused = client.post(url, {**data, "code": "eme lpz!"})
    assert refused.status_code == 200 and f'value="{sent}"' in refused.content.decode()  # the same token back
    created = client.post(url, data)
    assert created.status_code == 302 and Team.objects.filter(code="eme-oruro").count() == 1
    repeated = client.post(url, data)
    assert repeated["Location"] == created["Location"] and Team.objects.filter(code="eme-oruro").count() == 1


def test_an_evidence_item_is_registered_once(world):
    from enlace.prosecution.models import EvidenceItem

    case = world["case"]
    client = client_for(world["investigator"])
    page, url = (reverse("prosecution:evidence_list", args=[case.public_id]),
                 reverse("prosecution:evidence_create", args=[case.public_id]))
    data = {"item-exhibit_number": "EV-21", "item-kind": "digital", "item-description": "Phone of the recruiter"}
    sent = token(client, page)
    first = client.post(url, {**data, "form_token": sent})
    assert first.status_code == 302 and EvidenceItem.objects.filter(case=case).count() == 1
    again = client.post(url, {**data, "form_token": sent}, follow=True)  # a double tap
    assert "This form was already sent" in again.content.decode()
    assert EvidenceItem.objects.filter(case=case).count() == 1
    refused = client.post(url, {"item-exhibit_number": "", "item-kind": "digital", "form_token": token(client, page)})
    assert refused.status_code == 400 and EvidenceItem.objects.filter(case=case).count() == 1


def test_a_technique_authorisation_form_carries_the_token(world):
    client = client_for(world["investigator"])
    token(client, reverse("techniques:list", args=[world["case"].public_id]))
