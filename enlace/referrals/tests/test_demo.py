"""The demo populators add screenings and referrals in several states, through the services."""

from __future__ import annotations

import random

import pytest

from enlace.accounts.tests.factories import InstitutionFactory, make_user
from enlace.audit.models import AuditEntry
from enlace.referrals import demo_data as referral_demo
from enlace.referrals.models import (
    Consent,
    NonPunishmentFlag,
    Notification,
    RecoveryPeriod,
    Referral,
    ServiceOffer,
)
from enlace.screening import demo_data as screening_demo
from enlace.screening.models import Screening

pytestmark = pytest.mark.django_db


def test_demo_populates_screenings_and_referrals_in_several_states(world):
    users = {name: user for name, user in world.items() if hasattr(user, "can_screen")}
    users["screener_lpz"] = make_user("screener", unit=world["lpz"], username="demo_scr")
    shelter = InstitutionFactory(kind="ngo", code="casa-refugio", name="Casa Refugio")
    users["shelter"] = make_user("service_provider", institution=shelter, username="demo_shelter")
    rng = random.Random(7)

    screening_demo.populate(rng=rng, users=users, cases=[world["case"]])
    referral_demo.populate(rng=rng, users=users, cases=[world["case"]])

    statuses = set(Screening.objects.values_list("status", flat=True))
    outcomes = set(Screening.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert statuses == {"draft", "completed"}
    assert outcomes == {"presumed_victim", "possible_victim", "no_indicators"}
    assert Screening.objects.filter(anonymous=True).exists() and Screening.objects.filter(age_at_exploitation=None).exists()
    assert Screening.objects.filter(handed_to_team__isnull=False).exists()
    converted = Screening.objects.get(person__isnull=False)
    assert converted.case == world["case"]

    referral_statuses = set(Referral.objects.values_list("status", flat=True))
    assert {"sent", "accepted", "rejected", "in_service", "completed", "revoked"} <= referral_statuses
    assert Consent.objects.filter(revoked_at__isnull=False).exists()
    assert ServiceOffer.objects.exists() and RecoveryPeriod.objects.exists() and NonPunishmentFlag.objects.exists()
    assert Referral.objects.filter(reminders__isnull=False).exists()  # an overdue one was reminded
    assert Notification.objects.exists()
    assert AuditEntry.objects.filter(action="referral.create").count() == Referral.objects.count()


def test_demo_without_screeners_or_providers_does_nothing(db):
    screening_demo.populate(rng=random.Random(1), users={}, cases=[])
    referral_demo.populate(rng=random.Random(1), users={}, cases=[])
    assert not Screening.objects.exists() and not Referral.objects.exists()
