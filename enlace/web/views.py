"""Home page: my cases and my open tasks (only what the user may see)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from enlace.accounts.requests import AuthenticatedRequest
from enlace.capacity.selectors import questionnaires_for
from enlace.capacity.views import home as capacity_home
from enlace.cases.selectors import case_list, overdue, task_list_for_user
from enlace.referrals.selectors import notifications_for


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if user.is_capacity_manager and not user.can_work_cases:  # the capacity manager's own home page
        return capacity_home(request)
    cases = case_list(actor=user)[:10] if user.can_work_cases else []
    tasks = list(task_list_for_user(actor=user)[:20]) if user.can_work_cases else []
    for t in tasks:
        t.is_overdue = overdue(t)
    notifications = notifications_for(actor=user, unread_only=True, limit=10)
    return render(request, "web/home.html", {"cases": cases, "tasks": tasks, "notifications": notifications,
                                             "questionnaires": list(questionnaires_for(actor=user)
                                                                    .filter(submitted_at__isnull=True)[:5])})
