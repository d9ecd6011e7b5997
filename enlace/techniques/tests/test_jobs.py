"""Alerts before expiry, before the emergency confirmation deadline and before a report is due,
created by the job worker's function as notifications to the named members only."""

import datetime as dt

import pytest
from django.utils import timezone

from enlace.core.jobs import registered_schedules
from enlace.referrals.models import Notification
from enlace.techniques.jobs import technique_alerts
from enlace.techniques.services import authorisation_renew

from .factories import make_authorisation

pytestmark = pytest.mark.django_db


def test_the_job_is_registered_with_the_worker():
    assert any(j.func == "enlace.techniques.jobs.technique_alerts" for j in registered_schedules())


def test_expiry_alert_goes_to_named_members_once(world):
    auth = make_authorisation(world, members=[world["prosecutor"]], days=7)  # started 5 days ago: expires in 2
    far = make_authorisation(world, days=60)
    assert technique_alerts() == 2
    got = Notification.objects.filter(kind="technique_expiry")
    assert {n.user for n in got} == {world["investigator"], world["prosecutor"]}
    assert all(n.params["authorisation_id"] == auth.pk and n.url.endswith(f"/authorisations/{auth.public_id}/") for n in got)
    assert auth.case.reference_label() in got[0].text and auth.expires_on.isoformat() in got[0].text
    assert "#" not in got[0].text  # the case by its reference, not its internal number
    assert not Notification.objects.filter(params__authorisation_id=far.pk).exists()
    assert not Notification.objects.filter(user=world["supervisor"]).exists()
    assert technique_alerts() == 0  # a job delivered twice sends nothing twice


def test_a_renewed_authorisation_does_not_alert_its_expiry(world):
    auth = make_authorisation(world, days=7)
    authorisation_renew(actor=world["investigator"], authorisation_id=auth.public_id,
                        expires_on=auth.expires_on + dt.timedelta(days=30), judge="Juez Quispe")
    assert technique_alerts() == 0


def test_emergency_confirmation_deadline_alert(world):
    auth = make_authorisation(world, emergency=True, confirm_by=timezone.now() + dt.timedelta(hours=6), days=60)
    assert technique_alerts() == 1
    n = Notification.objects.get(kind="technique_confirmation")
    assert n.user == world["investigator"] and n.params["authorisation_id"] == auth.pk
    later = make_authorisation(world, emergency=True, confirm_by=timezone.now() + dt.timedelta(days=3), days=60)
    assert technique_alerts() == 0 and not Notification.objects.filter(params__authorisation_id=later.pk).exists()


def test_report_due_alert(world):
    make_authorisation(world, days=60, report_due_on=timezone.localdate() + dt.timedelta(days=1))
    assert technique_alerts() == 1
    assert Notification.objects.filter(kind="technique_report").count() == 1
