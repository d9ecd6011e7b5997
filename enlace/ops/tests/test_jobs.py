"""Long work as job runs: who may start them, progress seen only by the starter; the nightly audit alert."""

import pytest
from django.test import Client
from django.urls import reverse
from django_q.models import Failure, OrmQ

from enlace.accounts.tests.factories import make_user
from enlace.audit.models import AuditEntry, AuditHead
from enlace.audit.services import audit_record
from enlace.audit.tests.test_chain import _drop_triggers, _restore_triggers
from enlace.core.errors import Forbidden, NotFound, ValidationError
from enlace.links.models import MatchIndexState
from enlace.links.tests.links_factories import add_person
from enlace.ops import jobs, selectors, services
from enlace.ops.models import JobStatus
from enlace.referrals.models import Notification


@pytest.fixture
def admin(db):
    return make_user("sysadmin", username="ops_admin")


@pytest.mark.django_db
def test_only_an_administrator_starts_long_work_and_it_is_queued_with_the_run(admin):
    with pytest.raises(Forbidden):
        services.job_start(actor=make_user("investigator"), kind="reindex")
    run = services.job_start(actor=admin, kind="reindex")
    assert run.status == JobStatus.QUEUED and OrmQ.objects.count() == 1
    assert OrmQ.objects.get().func() == "enlace.ops.jobs.run_job"
    assert AuditEntry.objects.filter(action="job.start", object_id=str(run.pk)).exists()
    with pytest.raises(ValidationError):  # one at a time
        services.job_start(actor=admin, kind="reindex")


@pytest.mark.django_db
def test_a_reindex_run_reports_progress_to_the_end(world, admin):
    add_person(world["investigator"], world["case"], given_names="Rosa", first_surname="Mamani")
    MatchIndexState.objects.all().delete()
    run = services.job_start(actor=admin, kind="reindex")
    summary = jobs.run_job(run.pk)
    run.refresh_from_db()
    assert run.status == JobStatus.DONE and run.percent == 100 and run.total > 0 and run.attempts == 1
    assert summary["persons"] >= 1 and run.summary["persons"] == summary["persons"]
    assert MatchIndexState.objects.exists()  # the work really ran


@pytest.mark.django_db
def test_progress_is_written_at_most_once_a_second_but_always_at_the_end(admin):
    run = services.job_start(actor=admin, kind="reindex")
    report = services.ProgressReporter(run.pk, every=3600)
    report(1, 10)
    report(5, 10)  # within the interval: not written
    run.refresh_from_db()
    assert (run.done, run.total, run.percent) == (1, 10, 10)
    report(10, 10)
    run.refresh_from_db()
    assert (run.done, run.total) == (10, 10)


@pytest.mark.django_db
def test_a_failing_run_is_marked_failed_and_raised_for_the_queue_to_retry(admin, monkeypatch):
    run = services.job_start(actor=admin, kind="resolve_database")

    def broken(progress):
        raise RuntimeError("disk full")

    monkeypatch.setitem(jobs.RUNNERS, "resolve_database", broken)
    with pytest.raises(RuntimeError):
        jobs.run_job(run.pk)
    run.refresh_from_db()
    assert run.status == JobStatus.FAILED and run.summary == {"error": "RuntimeError"}


@pytest.mark.django_db
def test_progress_page_is_for_the_starter_only(admin):
    run = services.job_start(actor=admin, kind="reindex")
    other_admin = make_user("sysadmin", username="ops_admin_2")
    assert selectors.job_run_get(actor=admin, run_id=run.pk) == run
    with pytest.raises(NotFound):
        selectors.job_run_get(actor=other_admin, run_id=run.pk)
    client = Client(headers={"accept-language": "en"})
    client.force_login(admin)
    page = client.get(reverse("ops:job_detail", kwargs={"run_id": run.pk}))
    assert page.status_code == 200 and b"Waiting for the worker" in page.content and b'hx-trigger="every 2s"' in page.content
    client.force_login(other_admin)
    assert client.get(reverse("ops:job_detail", kwargs={"run_id": run.pk})).status_code == 404


@pytest.mark.django_db
def test_failed_tasks_are_listed_for_administrators_with_the_error_type_only(admin):
    Failure.objects.create(id="t1", name="alpha-bravo", func="enlace.referrals.jobs.remind", started="2026-01-01T00:00Z",
                           stopped="2026-01-01T00:00:01Z", success=False, attempt_count=3,
                           result="Rosa Mamani : Traceback (most recent call last):\nValueError: Rosa Mamani")
    client = Client(headers={"accept-language": "en"})
    client.force_login(admin)
    page = client.get(reverse("ops:jobs")).content.decode()
    assert "enlace.referrals.jobs.remind" in page and "ValueError" in page and "alpha-bravo" in page
    assert "Mamani" not in page


@pytest.mark.django_db(transaction=True)
def test_nightly_verify_of_a_broken_chain_alerts_every_auditor():
    auditor, other_auditor, investigator = (make_user("auditor"), make_user("auditor"), make_user("investigator"))
    entries = [audit_record(action="test.event", actor_label="tester", details={"n": i}) for i in range(3)]
    assert jobs.audit_verify()["ok"] and not Notification.objects.exists()
    _drop_triggers()
    try:
        AuditEntry.objects.filter(pk=entries[1].pk).update(details={"n": 99})
        outcome = jobs.audit_verify()
    finally:
        _restore_triggers()
    assert not outcome["ok"] and outcome["notified"] == 2
    alerted = set(Notification.objects.filter(kind="audit_chain_broken").values_list("user_id", flat=True))
    assert alerted == {auditor.pk, other_auditor.pk} and investigator.pk not in alerted
    note = Notification.objects.filter(user=auditor).get()
    assert f"#{entries[1].seq}" in note.text and note.url == "/audit/"


@pytest.mark.django_db(transaction=True)
def test_periodic_anchoring_of_a_removed_tail_alerts_the_auditors():
    auditor = make_user("auditor")
    entries = [audit_record(action="test.event", actor_label="tester", details={"n": i}) for i in range(4)]
    assert jobs.audit_anchor()["ok"] and not Notification.objects.exists()
    _drop_triggers()
    try:
        # The tail removed and the head moved back: a consistent chain, but shorter than anchored.
        AuditEntry.objects.filter(seq__gte=entries[2].seq).delete()
        AuditHead.objects.filter(id=1).update(seq=entries[1].seq, hash=entries[1].hash)
        outcome = jobs.audit_anchor()
    finally:
        _restore_triggers()
    assert not outcome["ok"] and outcome["notified"] == 1
    assert Notification.objects.filter(user=auditor, kind="audit_chain_broken").exists()
