"""The registry of scheduled jobs: the one place an app declares work that runs on its own.

Why a registry instead of schedules created by hand: each app knows its periodic work
(reminders, expiries, clean-ups), while the worker (``enlace worker``) is started once for all.
An app registers its jobs from ``AppConfig.ready()``::

    from enlace.core.jobs import register_schedule

    register_schedule("cases.deadlines", "enlace.cases.jobs.deadline_reminders", daily_at="06:30")

and ``enlace.ops.schedules.ensure_schedules()`` (run at every worker start) turns the registry into django-q2
``Schedule`` rows: created when missing, updated when the registration changed, removed when
no app registers them any more. Daily times are wall-clock times in the workspace time zone
(``ENLACE_TIME_ZONE``). A job is a plain function without arguments, importable by its path;
it must be idempotent (a job that fails is delivered again, up to ``Q_CLUSTER['max_attempts']``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PREFIX = "enlace:"  # schedule names owned by the registry (others, made by hand, are left alone)


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    func: str
    every_minutes: int | None = None
    daily_at: dt.time | None = None

    @property
    def schedule_name(self) -> str:
        return PREFIX + self.name


_REGISTRY: dict[str, ScheduledJob] = {}


def register_schedule(name: str, func: str, *, every_minutes: int | None = None, daily_at: str | None = None) -> None:
    """Declare a periodic job: every N minutes, or once a day at HH:MM workspace time."""
    if (every_minutes is None) == (daily_at is None):
        raise ValueError(f"job {name}: give exactly one of every_minutes or daily_at")
    if every_minutes is not None and every_minutes < 1:
        raise ValueError(f"job {name}: every_minutes must be at least 1")
    at = dt.time.fromisoformat(daily_at) if daily_at is not None else None
    job = ScheduledJob(name=name, func=func, every_minutes=every_minutes, daily_at=at)
    if name in _REGISTRY and _REGISTRY[name] != job:
        raise ValueError(f"job {name} is registered twice with different settings")
    _REGISTRY[name] = job


def registered_schedules() -> list[ScheduledJob]:
    return sorted(_REGISTRY.values(), key=lambda j: j.name)


# --- Long work started by a person ---------------------------------------------------------------
#
# Why a second registry: long work (a statistical release, a rebuild of an index) belongs to the
# app that knows it, while the run row, the queue and the progress page belong to the operations
# app, which must not import the apps above it. An app names its runner by dotted path from
# ``AppConfig.ready()``; the worker imports it when a run of that kind comes up. The runner is
# called as ``runner(actor=User, parameters=dict, progress=callable(done, total))`` and returns a
# small dict of counts. ``result_url`` names the page where the finished work is found.


@dataclass(frozen=True)
class LongWork:
    kind: str
    func: str
    result_url: str = ""


_LONG_WORK: dict[str, LongWork] = {}


def register_long_work(kind: str, func: str, *, result_url: str = "") -> None:
    work = LongWork(kind=kind, func=func, result_url=result_url)
    if kind in _LONG_WORK and _LONG_WORK[kind] != work:
        raise ValueError(f"long work {kind} is registered twice with different settings")
    _LONG_WORK[kind] = work


def long_work(kind: str) -> LongWork | None:
    return _LONG_WORK.get(kind)
