"""Reads of the operations app: health, job runs, the queue's state for administrators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.urls import reverse
from django.utils import timezone
from django_q.models import Failure, OrmQ, Schedule

from enlace.accounts.models import User
from enlace.audit.models import AuditCheckpoint
from enlace.core.errors import Forbidden, NotFound
from enlace.core.jobs import PREFIX, long_work

from .models import JobRun, WorkerHeartbeat

HEARTBEAT_MAX_AGE = dt.timedelta(minutes=3)  # the heartbeat job runs every minute
QUEUE_MAX_WAIT = dt.timedelta(minutes=10)  # a task ready for longer than this: no worker takes work


@dataclass(frozen=True)
class Health:
    checks: dict[str, bool]
    details: dict[str, str]

    @property
    def ok(self) -> bool:
        return all(self.checks.values())


def _database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return False, type(exc).__name__
    return True, connection.vendor


def _queue(now: dt.datetime) -> tuple[bool, str]:
    beat = WorkerHeartbeat.objects.order_by("-at").first()
    if beat is None:
        return False, "no worker heartbeat yet"
    if now - beat.at > HEARTBEAT_MAX_AGE:
        return False, f"last worker heartbeat {beat.at.isoformat()}"
    stuck = OrmQ.objects.filter(lock__lte=now - QUEUE_MAX_WAIT).count()
    if stuck:
        return False, f"{stuck} task(s) waiting for more than {QUEUE_MAX_WAIT}"
    return True, f"last worker heartbeat {beat.at.isoformat()}"


def _audit() -> tuple[bool, str]:
    last = AuditCheckpoint.objects.filter(full=True).order_by("-verified_at", "-id").first()
    if last is None:
        return True, "no full verification yet"
    state = "ok" if last.ok else f"broken at entry #{last.seq}"
    return last.ok, f"last full verification {last.verified_at.isoformat()}: {state}"


def health_check(*, now: dt.datetime | None = None) -> Health:
    """Database reachable, a worker alive and taking work, the last full audit walk passed.

    Without the database the other two cannot be read, so they count as failed.
    """
    now = now or timezone.now()
    db_ok, db_detail = _database()
    checks, details = {"database": db_ok}, {"database": db_detail}
    for name, probe in (("queue", lambda: _queue(now)), ("audit", _audit)):
        try:
            checks[name], details[name] = probe() if db_ok else (False, "database unavailable")
        except DatabaseError as exc:
            checks[name], details[name] = False, type(exc).__name__
    return Health(checks=checks, details=details)


def job_run_get(*, actor: User, run_id: int) -> JobRun:
    """Only the person who started a run sees it; anyone else gets the same answer as for a missing one."""
    run = JobRun.objects.filter(pk=run_id, started_by=actor).first()
    if run is None:
        raise NotFound()
    return run


def job_runs_mine(*, actor: User, limit: int = 20, kind: str | None = None) -> list[JobRun]:
    runs = JobRun.objects.filter(started_by=actor)
    return list((runs.filter(kind=kind) if kind else runs)[:limit])


def job_result_url(run: JobRun) -> str:
    """Where the result of a run is found (the page of the app that registered the work), or ''."""
    work = long_work(run.kind)
    return reverse(work.result_url) if work and work.result_url else ""


@dataclass(frozen=True)
class FailedTask:
    name: str
    func: str
    started: dt.datetime
    stopped: dt.datetime
    attempts: int
    error: str  # the exception's type only: its message may quote data


def _error_type(result: object) -> str:
    """The last line of the stored traceback is ``Type: message``; keep the type."""
    lines = [line for line in str(result or "").strip().splitlines() if line.strip()]
    return lines[-1].split(":", 1)[0].strip()[:100] if lines else ""


def queue_overview(*, actor: User, limit: int = 50) -> dict:
    """For administrators: scheduled jobs, tasks waiting, failed tasks (after their retries)."""
    if not actor.is_sysadmin:
        raise Forbidden()
    failures = [FailedTask(name=f.name, func=f.func, started=f.started, stopped=f.stopped,
                           attempts=f.attempt_count, error=_error_type(f.result))
                for f in Failure.objects.order_by("-stopped")[:limit]]
    schedules = [{"name": s.name[len(PREFIX):], "func": s.func, "next_run": s.next_run,
                  "every": s.minutes if s.schedule_type == Schedule.MINUTES else None}
                 for s in Schedule.objects.filter(name__startswith=PREFIX).order_by("name")]
    return {"schedules": schedules, "failures": failures, "waiting": OrmQ.objects.count(),
            "health": health_check()}
