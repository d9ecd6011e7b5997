"""A release is long work: asked for on the page, made by the worker, its progress seen by the asker only."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_q.models import OrmQ

from enlace.accounts.tests.factories import make_user
from enlace.audit.models import AuditEntry
from enlace.monitoring import services
from enlace.monitoring.models import PrivacyBudget, Release
from enlace.ops import jobs
from enlace.ops.models import JobRun, JobStatus

from .factories import add_stats_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(world):
    return add_stats_world(world)


def _client(user) -> Client:
    c = Client(headers={"accept-language": "en"})
    c.force_login(user)
    return c


def test_the_page_queues_the_release_and_the_worker_makes_it_with_progress(sw):
    asker = _client(sw["monitoring"])
    answer = asker.post(reverse("monitoring:release_create"), {"kind": "k-anon", "k": "2"})
    run = JobRun.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("ops:job_detail", args=[run.pk])
    assert (run.kind, run.status, run.started_by, run.parameters) == (
        "statistical_release", JobStatus.QUEUED, sw["monitoring"], {"kind": "k-anon", "k": 2})
    assert OrmQ.objects.get().func() == "enlace.ops.jobs.run_job" and not Release.objects.exists()
    assert "Being made" in asker.get(reverse("monitoring:releases")).content.decode()

    summary = jobs.run_job(run.pk)  # what the worker calls

    run.refresh_from_db()
    release = Release.objects.get()
    assert run.status == JobStatus.DONE and (run.done, run.total, run.percent) == (2, 2, 100)
    assert summary == {"release": release.pk, "records": release.records} == run.summary
    assert release.created_by == sw["monitoring"] and release.parameters == {"k": 2}
    assert AuditEntry.objects.filter(action="monitoring.release.create", actor=sw["monitoring"]).exists()
    page = asker.get(reverse("ops:job_detail", args=[run.pk])).content.decode()
    assert "100 %" in page and reverse("monitoring:releases") in page
    assert "Being made" not in asker.get(reverse("monitoring:releases")).content.decode()


def test_only_the_asker_sees_the_progress(sw):
    run = services.release_request(actor=sw["monitoring"], kind="k-anon", k=2)
    colleague = make_user("monitoring", username="comite.otro")
    assert _client(colleague).get(reverse("ops:job_detail", args=[run.pk])).status_code == 404
    assert _client(sw["monitoring"]).get(reverse("ops:job_detail", args=[run.pk])).status_code == 200


@override_settings(ENLACE_DP_BUDGET_EPSILON="1.0")
def test_a_mistake_is_told_at_once_and_a_budget_spent_meanwhile_fails_the_run_for_good(sw):
    asker = _client(sw["monitoring"])
    refused = asker.post(reverse("monitoring:release_create"), {"kind": "dp", "epsilon": "1.5"}, follow=True)
    assert "privacy budget" in refused.content.decode() and not JobRun.objects.exists()

    first = services.release_request(actor=sw["monitoring"], kind="dp", epsilon="0.6")
    second = services.release_request(actor=sw["monitoring"], kind="dp", epsilon="0.6")  # both fit now
    jobs.run_job(first.pk)
    assert jobs.run_job(second.pk) == {"error": "ValidationError"}  # refused, not raised for a retry
    second.refresh_from_db()
    assert second.status == JobStatus.FAILED and Release.objects.count() == 1
    assert PrivacyBudget.objects.get().spent_epsilon == Decimal("0.6")


def test_who_may_not_make_releases_cannot_queue_one(sw):
    answer = _client(sw["supervisor"]).post(reverse("monitoring:release_create"), {"kind": "k-anon", "k": "2"})
    assert answer.status_code in (403, 404) and not JobRun.objects.exists()


def test_a_release_asked_twice_is_queued_once(sw):
    """A double tap or Back and resubmit would spend the privacy budget twice."""
    asker = _client(sw["monitoring"])
    page = asker.get(reverse("monitoring:releases")).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = {"kind": "dp", "epsilon": "0.5", "form_token": token}
    first = asker.post(reverse("monitoring:release_create"), data)
    again = asker.post(reverse("monitoring:release_create"), data, follow=True)
    assert JobRun.objects.count() == 1 and again.redirect_chain[0][0] == first["Location"]
    assert "This form was already sent" in again.content.decode()
    refused = asker.post(reverse("monitoring:release_create"), {"kind": "k-anon", "k": "1", "form_token": token + "x"})
    assert refused.status_code == 400 and JobRun.objects.count() == 1
