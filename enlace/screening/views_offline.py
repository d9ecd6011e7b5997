"""Screening without a connection: the installable page, its service worker and manifest, the
user's draft key, and the sync endpoint that turns a device's draft into a screening draft.

The page works on the device alone (``static/enlace/offline.js``); the server is needed twice: to
hand the signed-in officer the key that opens the drafts kept on the phone, and to receive them.
Only roles that screen get either; everyone else gets the same 404 as for a page that does not exist.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.http import domain_errors
from enlace.geo.selectors import municipality_table, subdivision_table

from . import services_offline
from .forms import ElementsForm, PersonForm, StartForm
from .selectors_offline import offline_dimensions

TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# What the service worker keeps besides the page itself (the page's own scripts and styles).
SHELL_ASSETS = ("enlace/app.css", "enlace/app.js", "enlace/offline.js", "enlace/favicon.svg", "vendor/htmx/htmx.min.js")


def _lang() -> str:
    return (get_language() or "en").split("-")[0]


def _require_screener(request: HttpRequest) -> None:
    if not getattr(request.user, "can_screen", False):
        raise Http404


def _texts() -> dict[str, str]:
    """Every sentence the script shows, translated here (``{code}``, ``{date}``: filled in by the script)."""
    return {
        "online": _("Connected. Drafts on this device are sent as soon as they are saved."),
        "offline": _("No connection. Drafts are kept encrypted on this device and sent when the connection returns."),
        "locked": _("Sign in again to open and send the drafts kept on this device."),
        "unprepared": _("This device is not ready yet: open this page once while connected and signed in."),
        "saved_local": _("Draft saved on this device, encrypted."),
        "sending": _("Sending the drafts…"),
        "saved": _("Saved as screening {code}."),
        "open_result": _("Open it to complete it"),
        "conflict": _("Conflict: the server already holds a different version of this draft ({code}). "
                      "The draft stays on this device."),
        "rejected": _("Rejected: {reason} The draft stays on this device: open it, correct it and save it again."),
        "not_sent": _("Not sent: the connection failed. The draft stays on this device."),
        "draft_of": _("Draft of {date}"),
        "open": _("Open"),
        "delete": _("Delete from this device"),
        "confirm_delete": _("Delete this draft from this device? It has not been sent."),
        "no_crypto": _("This browser cannot encrypt drafts here: use a secure (https) address."),
    }


@login_required
@domain_errors
@require_GET
def offline_form(request: AuthenticatedRequest) -> HttpResponse:
    _require_screener(request)
    user = request.user
    unit = next((m.unit for m in user.active_memberships if m.unit_id), None)
    institution = user.primary_institution
    country = (institution.country if institution else "") or settings.ENLACE_DEFAULT_COUNTRY
    start_form = StartForm(initial={"screened_on": timezone.localdate(), "country": country,
                                    "subdivision": unit.subdivision if unit else ""})
    config = {
        "user": services_offline.device_user_tag(user), "keyUrl": reverse("screening:offline_key"),
        "syncUrl": reverse("screening:offline_sync"), "swUrl": reverse("screening:service_worker"),
        "scope": reverse("screening:list"), "texts": _texts(),
    }
    return render(request, "screening/offline.html", {
        "start_form": start_form, "person_form": PersonForm(), "elements_form": ElementsForm(),
        "dimensions": offline_dimensions(country=country, language=_lang()), "offline_config": config,
        # The department and municipality pickers follow the country picker on the device, offline.
        "offline_places": {"subdivisions": subdivision_table(), "municipalities": municipality_table()}})


@login_required
@domain_errors
@require_GET
def offline_key(request: AuthenticatedRequest) -> JsonResponse:
    """The signed-in officer's draft key and a fresh CSRF token (a new sign-in changes it)."""
    _require_screener(request)
    key = services_offline.offline_draft_key(actor=request.user)
    return JsonResponse({"user": services_offline.device_user_tag(request.user),
                         "key": base64.b64encode(key).decode("ascii"), "csrf": get_token(request)})


def _query(data: dict[str, Any]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        query.setlist(str(name), ["" if v is None else str(v) for v in values if not isinstance(v, (dict, list))])
    return query


def _errors(*forms) -> list[str]:
    found = []
    for form in forms:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            found += [f"{label}: {e}" if label else str(e) for e in errors]
    return found


def draft_from(data: dict[str, Any] | QueryDict) -> services_offline.OfflineDraft | list[str]:
    """The draft parsed by the stepper's own forms (the same messages), or the reasons it is refused."""
    query = data if isinstance(data, QueryDict) else _query(data)
    start, person, elements = StartForm(query), PersonForm(query), ElementsForm(query)
    if not all([start.is_valid(), person.is_valid(), elements.is_valid()]):
        return _errors(start, person, elements)
    s, p, e = start.cleaned_data, person.cleaned_data, elements.cleaned_data
    return services_offline.OfflineDraft(
        exploitation=s["exploitation"], age_at_exploitation=s["age_at_exploitation"], screened_on=s["screened_on"],
        country=s["country"], subdivision=s["subdivision"], municipality=s["municipality"],
        place_description=s["place_description"], anonymous=p["anonymous"], given_names=p["given_names"],
        first_surname=p["first_surname"], second_surname=p["second_surname"], sex=p["sex"] or "U",
        nationality=p["nationality"], yes=tuple(str(k) for k in query.getlist("yes")), acts=tuple(e["acts"]),
        means=tuple(e["means"]), purposes=tuple(e["purposes"]),
        forms_of_exploitation=tuple(e["forms_of_exploitation"]), observations=e["observations"])


def _rejected(reasons: list[str], status: int = 422) -> JsonResponse:
    return JsonResponse({"status": "rejected", "reasons": reasons}, status=status)


@login_required
@domain_errors
@require_POST
def offline_sync(request: AuthenticatedRequest) -> JsonResponse:
    """One draft from the device: ``{"token": "...", "draft": {field: value}}`` (JSON, CSRF header).

    Answers ``saved`` (with the screening's address), ``conflict`` or ``rejected`` with the reasons;
    the device deletes its copy only after ``saved``.
    """
    _require_screener(request)
    body = None
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            body = None
    if not isinstance(body, dict) or not isinstance(body.get("draft"), dict):
        return _rejected([_("The draft could not be read.")], status=400)
    token = str(body.get("token", ""))
    if not TOKEN_SHAPE.match(token):
        return _rejected([_("The draft has no valid device token.")], status=400)
    draft = draft_from(body["draft"])
    if isinstance(draft, list):
        return _rejected(draft)
    try:
        result = services_offline.screening_sync_offline(actor=request.user, token=token, draft=draft)
    except ValidationError as exc:
        return _rejected([str(m) for m in exc.messages])
    screening = result.screening
    answer = {"status": result.status, "code": screening.pseudonym, "id": str(screening.public_id),
              "url": reverse("screening:result", args=[screening.public_id])}
    return JsonResponse(answer, status=200 if result.status == services_offline.SAVED else 409)


def _assets() -> list[str]:
    return [static(name) for name in SHELL_ASSETS] + [reverse("screening:manifest")]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from /screening/ so that its scope covers the screening pages (a
    script under /static/ could only control /static/). It names no user and holds no data."""
    assets = _assets()
    version = hashlib.sha256(json.dumps(assets).encode()).hexdigest()[:12]
    response = render(request, "screening/sw.js", {
        "version": version, "shell_url": reverse("screening:offline"), "static_url": settings.STATIC_URL,
        "assets_json": json.dumps(assets)}, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: the offline screening page installs as an app on the phone's home screen."""
    data = {
        "name": _("Enlace screening"), "short_name": _("Screening"), "lang": get_language() or "es",
        "start_url": reverse("screening:offline"), "scope": reverse("screening:list"), "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#1f4e79",
        "icons": [{"src": static("enlace/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return JsonResponse(data, content_type="application/manifest+json")
