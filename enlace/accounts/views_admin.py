"""Administration area: institutions, units, teams (EMEs), users and their roles.

Only system administrators, and everyone else gets the same 404 as for a page that does
not exist (the area's existence is not advertised). Separation of duties: these pages
show accounts and reference data only, never a case, a person or a screening; an
administrator who needs case access must be given a case role by someone else, and that
grant is audited. Every write goes through ``services.py`` (atomic, audited).
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.http import domain_errors, form_errors_from
from enlace.core.idempotency import one_submission
from enlace.geo.models import Municipality
from enlace.geo.selectors import country_name, subdivision_name
from enlace.geo.selectors import municipality_list as municipalities

from . import services
from .forms import (
    InstitutionForm,
    MembershipAddForm,
    MunicipalityFilterForm,
    TeamForm,
    TeamMemberAddForm,
    TokenCreateForm,
    UnitForm,
    UserCreateForm,
    UserFilterForm,
)
from .models import (
    AccessGrantRequest,
    ApiToken,
    GrantStatus,
    Institution,
    Membership,
    Team,
    TeamMember,
    User,
)
from .roles import ADMIN_ROLES
from .selectors_home import admin_counts

PER_PAGE = 50


def sysadmin_required(view):
    """Signed in and a system administrator; anyone else gets a 404."""

    @login_required
    @domain_errors
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_sysadmin:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _page(request: AuthenticatedRequest, qs):
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


def _active_memberships():
    return Prefetch("memberships", queryset=Membership.objects.filter(is_active=True)
                    .select_related("institution", "unit").order_by("institution__name", "role"),
                    to_attr="active_ms")


# ---------- overview ----------

@sysadmin_required
def admin_home(request: AuthenticatedRequest) -> HttpResponse:
    counts = admin_counts() | {"municipalities": Municipality.objects.count()}
    return render(request, "accounts/admin/home.html", {"counts": counts, "section": "home"})


# ---------- institutions and units ----------

@sysadmin_required
def institution_list(request: AuthenticatedRequest) -> HttpResponse:
    qs = Institution.objects.annotate(unit_count=Count("units", distinct=True),
                                      member_count=Count("memberships", filter=Q(memberships__is_active=True),
                                                         distinct=True)).order_by("name")
    page = _page(request, qs)
    for inst in page:
        inst.country_label = country_name(inst.country)
    return render(request, "accounts/admin/institution_list.html", {"page_obj": page, "section": "institutions"})


@sysadmin_required
@one_submission
def institution_create(request: AuthenticatedRequest) -> HttpResponse:
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inst = services.institution_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Institution “%(name)s” created.") % {"name": inst.name})
            return redirect("accounts:unit_list", institution_id=inst.pk)
    return render(request, "accounts/admin/form.html", {
        "form": form, "section": "institutions", "title": _("New institution"),
        "back_url": "accounts:institution_list", "submit_label": _("Create institution")})


@sysadmin_required
def unit_list(request: AuthenticatedRequest, institution_id: int) -> HttpResponse:
    inst = get_object_or_404(Institution, pk=institution_id)
    units = list(inst.units.annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))
                 .order_by("name"))
    for unit in units:
        unit.subdivision_label = subdivision_name(unit.subdivision)
    return render(request, "accounts/admin/unit_list.html", {
        "institution": inst, "units": units, "country_label": country_name(inst.country),
        "section": "institutions"})


@sysadmin_required
@one_submission
def unit_create(request: AuthenticatedRequest, institution_id: int) -> HttpResponse:
    inst = get_object_or_404(Institution, pk=institution_id)
    form = UnitForm(request.POST or None, institution=inst)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, institution=inst, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Unit “%(name)s” created.") % {"name": unit.name})
            return redirect("accounts:unit_list", institution_id=inst.pk)
    return render(request, "accounts/admin/form.html", {
        "form": form, "section": "institutions", "title": _("New unit"), "subtitle": inst.name,
        "back_url": "accounts:unit_list", "back_arg": inst.pk, "submit_label": _("Create unit")})


# ---------- teams (EMEs) ----------

@sysadmin_required
def team_list(request: AuthenticatedRequest) -> HttpResponse:
    qs = Team.objects.annotate(member_count=Count("memberships")).order_by("name")
    page = _page(request, qs)
    for team in page:
        team.place_label = subdivision_name(team.subdivision) or country_name(team.country)
    return render(request, "accounts/admin/team_list.html", {"page_obj": page, "section": "teams"})


@sysadmin_required
@one_submission
def team_create(request: AuthenticatedRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Team “%(name)s” created. Now add its members.") % {"name": team.name})
            return redirect("accounts:team_detail", pk=team.pk)
    return render(request, "accounts/admin/form.html", {
        "form": form, "section": "teams", "title": _("New team"),
        "lead": _("A specialised multidisciplinary team (EME): investigators and prosecutors of "
                  "several institutions who work cases together."),
        "back_url": "accounts:team_list", "submit_label": _("Create team")})


@sysadmin_required
def team_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Members of a team, and the form to add one (posted here, so errors stay on the page)."""
    team = get_object_or_404(Team, pk=pk)
    search = request.GET.get("q", "")[:100]
    form = TeamMemberAddForm(request.POST or None, team=team, search=search)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        try:
            services.team_member_add(actor=request.user, team=team, user=user)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Adding %(user)s to the team waits for approval by a second person.")
                             % {"user": user.get_full_name() or user.username})
            return redirect("accounts:team_detail", pk=team.pk)
    members = (TeamMember.objects.filter(team=team).select_related("user")
               .prefetch_related(Prefetch("user__memberships", queryset=Membership.objects.filter(is_active=True)
                                          .select_related("institution", "unit"), to_attr="active_ms"))
               .order_by("user__username"))
    return render(request, "accounts/admin/team_detail.html", {
        "team": team, "members": members, "form": form, "section": "teams", "search": search,
        "place_label": subdivision_name(team.subdivision) or country_name(team.country)})


@sysadmin_required
@require_POST
def team_member_remove(request: AuthenticatedRequest, pk: int, user_id: int) -> HttpResponse:
    team = get_object_or_404(Team, pk=pk)
    member = get_object_or_404(TeamMember, team=team, user_id=user_id)
    services.team_member_remove(actor=request.user, team=team, user=member.user)
    messages.success(request, _("%(user)s removed from the team.") % {"user": member.user.username})
    return redirect("accounts:team_detail", pk=team.pk)


# ---------- users, roles ----------

@sysadmin_required
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    filters = UserFilterForm(request.GET or None)
    qs = User.objects.prefetch_related(_active_memberships())
    if filters.is_valid():
        f = filters.cleaned_data
        if f["q"]:
            qs = qs.filter(Q(username__icontains=f["q"]) | Q(first_name__icontains=f["q"])
                           | Q(last_name__icontains=f["q"]))
        if f["institution"]:
            qs = qs.filter(memberships__institution=f["institution"], memberships__is_active=True)
        if f["role"]:
            qs = qs.filter(memberships__role=f["role"], memberships__is_active=True)
        if f["status"]:
            qs = qs.filter(is_active=f["status"] == "active")
    page = _page(request, qs.distinct().order_by("username"))
    return render(request, "accounts/admin/user_list.html", {"page_obj": page, "filters": filters, "section": "users"})


@sysadmin_required
@one_submission
def user_create(request: AuthenticatedRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user, username=d["username"], password=d["password"], institution=d["institution"],
                role=d["role"], unit=d["unit_obj"], first_name=d["first_name"], last_name=d["last_name"],
                email=d["email"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Account “%(user)s” created. It stays inactive, without a role, until a "
                                        "second person approves it.") % {"user": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/admin/form.html", {
        "form": form, "section": "users", "title": _("New user"),
        "lead": _("The account starts with one role in one institution; add more roles on the user's page."),
        "back_url": "accounts:user_list", "submit_label": _("Create user")})


@sysadmin_required
def user_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Account, roles (add here, revoke per row), teams, second factor and API tokens."""
    subject = get_object_or_404(User, pk=pk)
    form = MembershipAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.membership_add(actor=request.user, user=subject, institution=d["institution"],
                                    role=d["role"], unit=d["unit_obj"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Role requested: it is given when a second person approves it."))
            return redirect("accounts:user_detail", pk=subject.pk)
    return render(request, "accounts/admin/user_detail.html", {
        "subject": subject, "form": form, "section": "users",
        "memberships": subject.memberships.select_related("institution", "unit").order_by("-is_active", "created_at"),
        "teams": Team.objects.filter(memberships__user=subject),
        "has_device": TOTPDevice.objects.filter(user=subject, confirmed=True).exists(),
        "tokens": subject.api_tokens.order_by("-created_at"),
        "pending_grants": AccessGrantRequest.objects.filter(subject=subject, status=GrantStatus.PENDING),
    })


@sysadmin_required
@require_POST
def membership_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user", "institution"), pk=pk)
    if membership.user_id == request.user.pk and membership.role in ADMIN_ROLES:
        # Another administrator must do it: the system must never be left without one by mistake.
        messages.error(request, _("You cannot revoke your own administrator role."))
    elif membership.is_active:
        services.membership_revoke(actor=request.user, membership=membership)
        messages.success(request, _("Role revoked."))
    return redirect("accounts:user_detail", pk=membership.user_id)


@sysadmin_required
@require_POST
def user_set_active(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(actor=request.user, user=subject, active=active)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, _("Account reactivated.") if active else _("Account deactivated."))
    return redirect("accounts:user_detail", pk=subject.pk)


@sysadmin_required
@require_POST
def user_totp_reset(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(User, pk=pk)
    services.user_totp_reset(actor=request.user, user=subject)
    messages.success(request, _("Two-factor authentication was reset: the user sets up a new "
                                "authenticator at the next sign-in."))
    return redirect("accounts:user_detail", pk=subject.pk)


# ---------- reference data ----------

@sysadmin_required
def municipality_list(request: AuthenticatedRequest) -> HttpResponse:
    country = settings.ENLACE_DEFAULT_COUNTRY
    filters = MunicipalityFilterForm(request.GET or None, country=country)
    subdivision = filters.cleaned_data["subdivision"] if filters.is_valid() else ""
    page = _page(request, municipalities(country=country, subdivision=subdivision))
    for m in page:
        m.subdivision_label = subdivision_name(m.subdivision)
    return render(request, "accounts/admin/municipality_list.html", {
        "page_obj": page, "filters": filters, "country_label": country_name(country), "section": "municipalities"})


# ---------- personal API tokens (every signed-in user, own tokens only) ----------

@never_cache
@login_required
@domain_errors
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    """List and create the user's own tokens. A new token is shown once, in the response
    to the POST that created it (never stored in plain text, never put in the session)."""
    form = TokenCreateForm(request.POST or None)
    plain = None
    # A token outlives the session: it is issued only to a session that passed the second factor.
    verified = request.user.is_verified()
    if request.method == "POST" and not verified:
        messages.error(request, _("Sign in with your second factor (authenticator app) to create a token."))
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            _tok, plain = services.token_create(actor=request.user, user=request.user, name=d["name"],
                                                scope=d["scope"], days=d["days"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            form = TokenCreateForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at")
    return render(request, "accounts/tokens.html", {"form": form, "tokens": tokens, "new_token": plain,
                                                    "verified": verified, "now": timezone.now()})


@login_required
@domain_errors
@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # someone else's token: 404
    if token.revoked_at is None:
        services.token_revoke(actor=request.user, token=token)
        messages.success(request, _("Token %(prefix)s revoked.") % {"prefix": token.prefix})
    return redirect("accounts:tokens")
