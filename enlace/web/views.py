"""Home page: what each app registered for this user (``core/surfaces.py``), or a role's own page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.surfaces import home_page_for, home_panels_for


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    page = home_page_for(request.user)
    if page is not None:
        return page.view(request)
    panels = home_panels_for(request.user)
    return render(request, "web/home.html", {
        "notices": [(panel, context) for panel, context in panels if panel.wide],
        "cards": [(panel, context) for panel, context in panels if not panel.wide],
    })
