"""The one-page screening: recorded and completed by the stepper's services, refused by the same rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from enlace.referrals.tests.factories import make_screener
from enlace.screening.models import Screening

from .test_offline import client_for, draft

pytestmark = pytest.mark.django_db
URL = reverse("screening:one_page")


def test_one_post_makes_a_completed_screening_and_opens_its_result(world):
    client = client_for(make_screener(world))
    page = client.get(URL)
    assert page.status_code == 200 and page.context["person_form"]["anonymous"].value() == "anonymous"
    response = client.post(URL, draft(form_token=page.context["form_token"]))
    s = Screening.objects.get()
    assert response.status_code == 302 and response.url == reverse("screening:result", args=[s.public_id])
    assert s.status == "completed" and s.may_be_victim and s.anonymous and len(s.answers) == 3
    again = client.post(URL, draft(form_token=page.context["form_token"]))  # Back, then send again
    assert again.status_code == 302 and Screening.objects.count() == 1


def test_the_stepper_rules_refuse_the_same_input(world):
    client = client_for(make_screener(world))
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    named_but_anonymous = client.post(URL, draft(given_names="Rosa"))
    assert named_but_anonymous.status_code == 422 and not Screening.objects.exists()
    in_the_future = client.post(URL, draft(screened_on=future))
    assert in_the_future.status_code == 422 and not Screening.objects.exists()
    assert in_the_future.context["start_form"].errors
