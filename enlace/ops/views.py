"""Health for monitoring, and the jobs page of the administration area (system administrators only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from enlace.accounts.views_admin import sysadmin_required
from enlace.core.http import domain_errors

from . import selectors, services
from .models import ADMIN_KINDS


@require_GET
def healthz(request):
    """``ok`` or ``not ok`` (200/503) for anyone; the checks' details only for a signed-in administrator."""
    health = selectors.health_check()
    status = 200 if health.ok else 503
    user = request.user
    response: HttpResponse
    if user.is_authenticated and user.is_sysadmin:
        response = JsonResponse({"status": "ok" if health.ok else "not ok", "checks": health.checks,
                                 "details": health.details}, status=status)
    else:
        response = HttpResponse("ok\n" if health.ok else "not ok\n", status=status, content_type="text/plain")
    add_never_cache_headers(response)
    return response


@sysadmin_required
def jobs(request):
    context = selectors.queue_overview(actor=request.user)
    context.update(section="jobs", kinds=[(k.value, k.label) for k in ADMIN_KINDS], runs=selectors.job_runs_mine(actor=request.user))
    return render(request, "ops/jobs.html", context)


@require_POST
@sysadmin_required
def job_start(request):
    try:
        run = services.job_start(actor=request.user, kind=request.POST.get("kind", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("ops:jobs")
    messages.success(request, _("The job was queued: the worker starts it within seconds."))
    return redirect("ops:job_detail", run_id=run.pk)


@login_required
@domain_errors
def job_detail(request, run_id: int):
    """The progress of one run for the person who started it; htmx polls the progress block.

    Work started from another app's page (a statistical release) links back to where its result is.
    """
    run = selectors.job_run_get(actor=request.user, run_id=run_id)
    template = "ops/_job_progress.html" if request.htmx else "ops/job_detail.html"
    return render(request, template, {"run": run, "section": "jobs", "result_url": selectors.job_result_url(run)})
