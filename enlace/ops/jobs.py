"""Functions the worker runs (by their dotted path): scheduled jobs and long work started by a person.

Each returns a small dict of counts: django-q2 keeps it as the task's result for administrators.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

from enlace.audit.chain import VerifyResult
from enlace.audit.services import audit_anchor_periodic, audit_chain_checkpoint, audit_record
from enlace.core.errors import ValidationError
from enlace.core.jobs import long_work
from enlace.core.keys import verify_all
from enlace.links.batch import resolve_database
from enlace.links.services import reindex_all, vacuum_match_index

from .models import JobKind, JobRun
from .services import SYSTEM, ProgressReporter, audit_alert_auditors, heartbeat_record, job_begin, job_finish


def heartbeat() -> dict[str, str]:
    row = heartbeat_record(name=socket.gethostname())
    return {"worker": row.name}


def audit_verify() -> dict[str, Any]:
    """The whole chain from genesis; a break is recorded (checkpoint) and every auditor is told."""
    return _alerted(audit_chain_checkpoint(full=True, actor_label=SYSTEM).result)


def audit_anchor() -> dict[str, Any]:
    """The tail walked, compared with the anchor file and anchored; a problem alerts the auditors."""
    return _alerted(audit_anchor_periodic().result)


def keys_verify() -> dict[str, Any]:
    """Every encrypted value opened against its row; values moved or altered are logged and audited.

    Why nightly: a value moved to another row fails only when someone opens that record; this
    finds it the night after. The log and the entry name the fields, never a value.
    """
    report = verify_all()
    fields = sorted({where for where, _row, _reason in report.failed})
    summary = {"opened": report.opened, "unbound": report.unbound, "unreadable": len(report.failed)}
    if report.failed:
        logging.getLogger("enlace.security").error("keys verify: %d encrypted values do not open against their "
                                                   "row (%s); run 'enlace keys verify'", len(report.failed),
                                                   ", ".join(fields))
    audit_record(actor_label=SYSTEM, action="keys.verify", details={**summary, "fields": fields})
    return summary


def _alerted(result: VerifyResult) -> dict[str, Any]:
    """Every auditor told of a failed check; the counts the job keeps as its result."""
    notified = 0 if result.ok else audit_alert_auditors(first_bad_seq=result.first_bad_seq, problem=result.problem)
    return {"ok": result.ok, "checked": result.checked, "notified": notified}


def _reindex(progress: ProgressReporter) -> dict[str, Any]:
    stats = reindex_all(match=True, progress=progress)
    vacuum_match_index()
    return stats


def _resolve_database(progress: ProgressReporter) -> dict[str, Any]:
    return resolve_database(min_probability=0.5, on_stage=progress)


RUNNERS: dict[str, Callable[[ProgressReporter], dict[str, Any]]] = {
    JobKind.REINDEX: _reindex,
    JobKind.RESOLVE_DATABASE: _resolve_database,
}


def _run(run: JobRun, progress: ProgressReporter) -> dict[str, Any]:
    """The kind's runner: one of this app's, or one an app registered (``core.jobs.register_long_work``)."""
    if run.kind in RUNNERS:
        return RUNNERS[run.kind](progress)
    work = long_work(run.kind)
    if work is None:
        raise LookupError(f"no runner registered for {run.kind}")
    return import_string(work.func)(actor=run.started_by, parameters=run.parameters, progress=progress)


def run_job(run_id: int) -> dict[str, Any]:
    """Run a queued ``JobRun``; a failure marks it failed and re-raises so the queue retries it.

    A refusal (``ValidationError``: the privacy budget spent meanwhile, say) is final: marked
    failed with its reason's type and not raised, since another attempt would be refused again.
    """
    run = job_begin(run_id=run_id)
    try:
        summary = _run(run, ProgressReporter(run_id))
    except ValidationError:
        job_finish(run_id=run_id, ok=False, summary={"error": "ValidationError"})
        return {"error": "ValidationError"}
    except Exception as exc:
        job_finish(run_id=run_id, ok=False, summary={"error": type(exc).__name__})
        raise
    summary = {k: v for k, v in summary.items() if isinstance(v, int | float | bool)}
    job_finish(run_id=run_id, ok=True, summary=summary)
    return summary
