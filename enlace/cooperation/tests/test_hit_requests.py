"""A hit/no-hit follow-up goes to the holding institution's liaison for the department, and to the
national liaison when nobody answers it in time (the morning job)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from enlace.accounts.tests.factories import UnitFactory, make_user
from enlace.cooperation import jobs
from enlace.cooperation.models import Notice
from enlace.cooperation.services import liaison_name
from enlace.core.errors import NotFound
from enlace.links.models import InformationRequest as HitRequest
from enlace.links.selectors import person_hits
from enlace.links.services_requests import request_answer, request_create, request_get, requests_incoming
from enlace.links.tests.links_factories import add_person, other_unit_world

pytestmark = pytest.mark.django_db


def _hit_request(world, w):
    inv = world["investigator"]
    mine = add_person(inv, world["case"], given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                      birth_year=1990, sex="M", phones=["+591 71234567"])
    add_person(w["cbba_inv"], w["cbba_case"], role="victim", given_names="QUISPE MAMANI, Juan C.", birth_year=1990,
               sex="M", phones=["71234567"])
    holder = person_hits(actor=inv, person=mine).hidden[0]
    return request_create(actor=inv, person=mine, holder_token=holder.token,
                          purpose="Same suspect recruiting in El Alto; we need to coordinate the arrest.")


def test_the_departmental_liaison_it_is_routed_to_opens_and_answers_it(world):
    """A liaison for the department who works from another unit of it (a departmental office)
    opens the follow-up routed to them; a liaison for another department does not."""
    w = other_unit_world(world)
    office = UnitFactory(institution=world["police"], code="police-cbba-liaison", subdivision="BO-C")
    departmental = make_user("liaison", unit=office, username="liaison_office_cbb")
    liaison_name(actor=None, user=departmental, institution=world["police"], subdivision="BO-C")
    elsewhere = make_user("liaison", unit=UnitFactory(institution=world["police"], code="police-scz-liaison",
                                                      subdivision="BO-S"), username="liaison_office_scz")
    liaison_name(actor=None, user=elsewhere, institution=world["police"], subdivision="BO-S")
    req = _hit_request(world, w)
    assert Notice.objects.get(kind="hit_request").user == departmental
    found, is_holder = request_get(actor=departmental, request_id=req.public_id)
    assert found == req and is_holder
    assert req in requests_incoming(actor=departmental)
    page = Client()
    page.force_login(departmental)
    assert page.get(Notice.objects.get(kind="hit_request").path).status_code == 200
    with pytest.raises(NotFound):
        request_get(actor=elsewhere, request_id=req.public_id)
    assert req not in requests_incoming(actor=elsewhere)
    request_answer(actor=departmental, req=req, answer="Held in Quillacollo; call the Cochabamba EME.")
    assert HitRequest.objects.get(pk=req.pk).status == "answered"


def test_a_hit_follow_up_is_routed_then_escalated_once(world):
    w = other_unit_world(world)
    liaison_name(actor=None, user=w["cbba_liaison"], institution=world["police"], subdivision="BO-C")
    national = make_user("liaison", institution=world["police"], username="police_national")
    liaison_name(actor=None, user=national, institution=world["police"])
    inv = world["investigator"]
    mine = add_person(inv, world["case"], given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                      birth_year=1990, sex="M", phones=["+591 71234567"])
    add_person(w["cbba_inv"], w["cbba_case"], role="victim", given_names="QUISPE MAMANI, Juan C.", birth_year=1990,
               sex="M", phones=["71234567"])
    holder = person_hits(actor=inv, person=mine).hidden[0]
    req = request_create(actor=inv, person=mine, holder_token=holder.token,
                         purpose="Same suspect recruiting in El Alto; we need to coordinate the arrest.")
    routed = Notice.objects.get(kind="hit_request")
    assert routed.user == w["cbba_liaison"] and routed.path.endswith(f"/{req.public_id}/")
    assert not Notice.objects.filter(user=national).exists()
    HitRequest.objects.filter(pk=req.pk).update(created_at=timezone.now() - dt.timedelta(days=20))
    assert jobs.requests_escalate()["hit_requests_escalated"] == 1
    assert Notice.objects.get(kind="hit_escalated").user == national
    assert jobs.requests_escalate()["hit_requests_escalated"] == 0
