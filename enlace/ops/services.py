"""Writes of the operations app: starting long work, its progress, the worker's heartbeat, alerts."""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.audit.services import audit_record
from enlace.core.errors import Forbidden, ValidationError
from enlace.referrals.models import NotificationKind
from enlace.referrals.services import notify

from .models import ADMIN_KINDS, JobKind, JobRun, JobStatus, WorkerHeartbeat

RUN_TASK = "enlace.ops.jobs.run_job"
SYSTEM = "(scheduler)"


@transaction.atomic
def job_start(*, actor: User, kind: str) -> JobRun:
    """Administration → Jobs: an administrator queues maintenance work, one run of a kind at a time."""
    if not actor.is_sysadmin:
        raise Forbidden()
    if kind not in ADMIN_KINDS:
        raise ValidationError({"kind": _("Unknown job.")})
    if JobRun.objects.filter(kind=kind, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
        raise ValidationError({"kind": _("This job is already waiting or running.")})
    return job_queue(actor=actor, kind=kind, parameters={})


@transaction.atomic
def job_queue(*, actor: User, kind: str, parameters: dict[str, Any]) -> JobRun:
    """Queue long work for the worker; the run row and the queued task commit together.

    The app that offers the work has already decided that this actor may start it (and
    validated ``parameters``); the run is theirs: only they see its progress.
    """
    if kind not in JobKind.values:
        raise ValidationError({"kind": _("Unknown job.")})
    run = JobRun.objects.create(kind=kind, started_by=actor, parameters=parameters)
    async_task(RUN_TASK, run.pk, task_name=f"{kind}-{run.pk}", group=kind)
    audit_record(actor=actor, action="job.start", obj=run, details={"kind": kind, "parameters": parameters})
    return run


@transaction.atomic
def job_begin(*, run_id: int) -> JobRun:
    run = JobRun.objects.select_for_update().get(pk=run_id)
    run.status, run.started_at, run.finished_at = JobStatus.RUNNING, timezone.now(), None
    run.attempts += 1
    run.done = run.total = 0
    run.save(update_fields=["status", "started_at", "finished_at", "attempts", "done", "total"])
    return run


@transaction.atomic
def job_finish(*, run_id: int, ok: bool, summary: dict[str, Any]) -> JobRun:
    run = JobRun.objects.select_for_update().get(pk=run_id)
    run.status = JobStatus.DONE if ok else JobStatus.FAILED
    run.finished_at, run.summary = timezone.now(), summary
    if ok:
        run.done = run.total
    run.save(update_fields=["status", "finished_at", "summary", "done"])
    audit_record(actor_label=SYSTEM, action="job.finish", obj=run,
                 details={"kind": run.kind, "ok": ok, "attempt": run.attempts})
    return run


class ProgressReporter:
    """The ``(done, total)`` callback long work calls; writes at most once a second.

    Not audited: progress counters are not data, and a run's start and end are.
    """

    def __init__(self, run_id: int, *, every: float = 1.0) -> None:
        self.run_id, self.every = run_id, every
        self._last: float | None = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self._last is not None and now - self._last < self.every and done < total:
            return
        self._last = now
        JobRun.objects.filter(pk=self.run_id).update(done=done, total=total)


def heartbeat_record(*, name: str) -> WorkerHeartbeat:
    """Not audited: a liveness mark every minute would bury the audit log; it holds no data."""
    row, _ = WorkerHeartbeat.objects.update_or_create(name=name[:100], defaults={"at": timezone.now()})
    return row


def auditors() -> list[User]:
    return list(User.objects.filter(is_active=True, memberships__role=Role.AUDITOR,
                                    memberships__is_active=True).distinct())


@transaction.atomic
def audit_alert_auditors(*, first_bad_seq: int | None, problem: str) -> int:
    """A broken chain found by the nightly walk: every auditor sees it on their home page."""
    rows = notify(users=auditors(), kind=NotificationKind.AUDIT_CHAIN_BROKEN,
                  params={"seq": first_bad_seq or 0}, url="/audit/")
    audit_record(actor_label=SYSTEM, action="audit.alert", details={"seq": first_bad_seq, "notified": len(rows),
                                                                    "problem": problem[:200]})
    return len(rows)
