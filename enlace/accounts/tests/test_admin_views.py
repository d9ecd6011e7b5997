"""Administration area: sysadmin only (404 for everyone else), audited writes, form errors, no case content."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from enlace.accounts.models import AccessGrantRequest, Institution, Membership, Team, TeamMember, Unit, User
from enlace.accounts.services_grants import grant_approve
from enlace.accounts.tests.factories import InstitutionFactory, TeamFactory, UnitFactory, make_user
from enlace.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PW = "pw-Long-enough-123"


@pytest.fixture
def admin(db):
    return make_user("sysadmin", username="root")


@pytest.fixture
def aclient(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def objs(db):
    inst = InstitutionFactory(code="felcc", name="FELCC", country="BO")
    unit = UnitFactory(institution=inst, code="felcc-lpz", name="FELCC La Paz", subdivision="BO-L")
    team = TeamFactory(code="eme-1", name="EME La Paz")
    member = make_user("investigator", unit=unit, username="ana", team=team)
    return {"inst": inst, "unit": unit, "team": team, "member": member,
            "membership": Membership.objects.get(user=member)}


def admin_urls(o):
    """Every URL of the area: (name, method, url)."""
    return [
        ("admin_home", "get", reverse("accounts:admin_home")),
        ("institution_list", "get", reverse("accounts:institution_list")),
        ("institution_create", "get", reverse("accounts:institution_create")),
        ("institution_create", "post", reverse("accounts:institution_create")),
        ("unit_list", "get", reverse("accounts:unit_list", args=[o["inst"].pk])),
        ("unit_create", "get", reverse("accounts:unit_create", args=[o["inst"].pk])),
        ("unit_create", "post", reverse("accounts:unit_create", args=[o["inst"].pk])),
        ("team_list", "get", reverse("accounts:team_list")),
        ("team_create", "get", reverse("accounts:team_create")),
        ("team_create", "post", reverse("accounts:team_create")),
        ("team_detail", "get", reverse("accounts:team_detail", args=[o["team"].pk])),
        ("team_detail", "post", reverse("accounts:team_detail", args=[o["team"].pk])),
        ("team_member_remove", "post", reverse("accounts:team_member_remove", args=[o["team"].pk, o["member"].pk])),
        ("user_list", "get", reverse("accounts:user_list")),
        ("user_create", "get", reverse("accounts:user_create")),
        ("user_create", "post", reverse("accounts:user_create")),
        ("user_detail", "get", reverse("accounts:user_detail", args=[o["member"].pk])),
        ("user_detail", "post", reverse("accounts:user_detail", args=[o["member"].pk])),
        ("user_set_active", "post", reverse("accounts:user_set_active", args=[o["member"].pk])),
        ("user_totp_reset", "post", reverse("accounts:user_totp_reset", args=[o["member"].pk])),
        ("membership_revoke", "post", reverse("accounts:membership_revoke", args=[o["membership"].pk])),
        ("municipality_list", "get", reverse("accounts:municipality_list")),
        ("institution_active", "post", reverse("accounts:institution_active", args=[o["inst"].pk])),
        ("unit_active", "post", reverse("accounts:unit_active", args=[o["unit"].pk])),
        ("unit_options", "get", reverse("accounts:unit_options") + f"?institution={o['inst'].pk}"),
        ("team_active", "post", reverse("accounts:team_active", args=[o["team"].pk])),
        ("team_candidates", "get", reverse("accounts:team_candidates", args=[o["team"].pk]) + "?q=a"),
    ]


NON_ADMIN_ROLES = ["investigator", "prosecutor", "supervisor", "screener", "service_provider", "liaison",
                   "monitoring", "auditor"]


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_non_admins_get_404_everywhere(client, objs, role):
    client.force_login(make_user(role))
    before = AuditEntry.objects.count()
    urls = admin_urls(objs)
    for name, method, url in urls:
        resp = getattr(client, method)(url)
        assert resp.status_code == 404, (name, method)
    # Nothing was changed: each attempt left only its record as a denied attempt.
    assert list(AuditEntry.objects.order_by("pk")[before:].values_list("action", flat=True)) == \
        ["access.denied"] * len(urls)
    assert objs["member"].is_active and Membership.objects.get(pk=objs["membership"].pk).is_active


def test_anonymous_is_sent_to_login(client, objs):
    for _name, method, url in admin_urls(objs):
        resp = getattr(client, method)(url)
        assert resp.status_code == 302 and resp.url.startswith(reverse("web:login"))


def test_admin_pages_render(aclient, objs):
    for name, method, url in admin_urls(objs):
        if method == "get":
            assert aclient.get(url).status_code == 200, name


def test_admin_pages_show_no_case_content(client, world):
    """Separation of duties: the administrator manages accounts, never reads cases."""
    client.force_login(world["sysadmin"])
    case = world["case"]
    urls = [u for _n, m, u in admin_urls({"inst": world["police"], "team": world["team"], "unit": world["lpz"],
                                          "member": world["investigator"],
                                          "membership": world["investigator"].memberships.first()}) if m == "get"]
    for url in urls:
        html = client.get(url).content.decode()
        assert case.title not in html and "FELCC-LP-2026-001" not in html, url


# ---------- institutions and units ----------

def test_create_institution(aclient, admin):
    resp = aclient.post(reverse("accounts:institution_create"), {
        "name": "Fiscalía Departamental", "code": "fiscalia-lp", "kind": "prosecution", "country": "BO",
        "case_number_prefix": "FIS-LP"})
    inst = Institution.objects.get(code="fiscalia-lp")
    assert resp.status_code == 302 and resp.url == reverse("accounts:unit_list", args=[inst.pk])
    entry = AuditEntry.objects.get(action="institution.create")
    assert entry.actor_id == admin.pk and entry.object_id == str(inst.pk)


@pytest.mark.parametrize("data,field", [
    ({"name": "", "code": "x-1", "kind": "police", "country": "BO"}, "name"),
    ({"name": "X", "code": "Not a slug!", "kind": "police", "country": "BO"}, "code"),
    ({"name": "X", "code": "felcc", "kind": "police", "country": "BO"}, "code"),  # taken
    ({"name": "X", "code": "x-2", "kind": "bakery", "country": "BO"}, "kind"),
    ({"name": "X", "code": "x-3", "kind": "police", "country": "XX"}, "country"),
])
def test_invalid_institution_shows_field_errors(aclient, objs, data, field):
    resp = aclient.post(reverse("accounts:institution_create"), data)
    assert resp.status_code == 200
    assert resp.context["form"].errors[field]
    assert 'class="errorlist' in resp.content.decode()
    assert not AuditEntry.objects.filter(action="institution.create").exists()


def test_create_unit(aclient, objs, admin):
    url = reverse("accounts:unit_create", args=[objs["inst"].pk])
    resp = aclient.post(url, {"name": "FELCC Cochabamba", "code": "felcc-cbba", "subdivision": "BO-C"})
    assert resp.status_code == 302
    unit = Unit.objects.get(code="felcc-cbba")
    assert unit.institution == objs["inst"] and unit.subdivision == "BO-C"
    assert AuditEntry.objects.filter(action="unit.create", actor=admin, object_id=str(unit.pk)).exists()
    assert "FELCC Cochabamba" in aclient.get(reverse("accounts:unit_list", args=[objs["inst"].pk])).content.decode()


@pytest.mark.parametrize("data,field", [
    ({"name": "U", "code": "felcc-lpz", "subdivision": ""}, "code"),  # taken
    ({"name": "U", "code": "u-1", "subdivision": "PE-LIM"}, "subdivision"),  # not in Bolivia
])
def test_invalid_unit_shows_field_errors(aclient, objs, data, field):
    resp = aclient.post(reverse("accounts:unit_create", args=[objs["inst"].pk]), data)
    assert resp.status_code == 200 and resp.context["form"].errors[field]


def test_unknown_institution_is_404(aclient):
    assert aclient.get(reverse("accounts:unit_list", args=[999999])).status_code == 404


# ---------- teams ----------

def test_create_team_and_manage_members(aclient, objs, admin):
    resp = aclient.post(reverse("accounts:team_create"), {"name": "EME Santa Cruz", "code": "eme-scz",
                                                          "country": "BO", "subdivision": "BO-S"})
    team = Team.objects.get(code="eme-scz")
    assert resp.status_code == 302 and resp.url == reverse("accounts:team_detail", args=[team.pk])
    assert AuditEntry.objects.filter(action="team.create", actor=admin).exists()

    detail = reverse("accounts:team_detail", args=[team.pk])
    resp = aclient.post(detail, {"user": objs["member"].pk})
    assert resp.status_code == 302
    assert not TeamMember.objects.filter(team=team, user=objs["member"]).exists()  # four eyes
    approver = make_user("approver", institution=objs["inst"], username="approver")
    grant_approve(actor=approver, request_id=AccessGrantRequest.objects.get(kind="team.add").pk)
    assert TeamMember.objects.filter(team=team, user=objs["member"]).exists()
    assert AuditEntry.objects.filter(action="permission.team_add", actor=approver).exists()
    assert "ana" in aclient.get(detail).content.decode()

    resp = aclient.post(reverse("accounts:team_member_remove", args=[team.pk, objs["member"].pk]))
    assert resp.status_code == 302
    assert not TeamMember.objects.filter(team=team, user=objs["member"]).exists()
    assert AuditEntry.objects.filter(action="permission.team_remove", actor=admin).exists()


def test_team_department_must_match_country(aclient):
    resp = aclient.post(reverse("accounts:team_create"), {"name": "T", "code": "t-1", "country": "PE",
                                                          "subdivision": "BO-S"})
    assert resp.status_code == 200 and resp.context["form"].errors["subdivision"]
    # The form comes back with Peru's departments to choose from.
    choices = dict(resp.context["form"].fields["subdivision"].choices)
    assert "PE-LIM" in choices and "BO-S" not in choices


def test_add_member_twice_is_a_field_error(aclient, objs):
    resp = aclient.post(reverse("accounts:team_detail", args=[objs["team"].pk]), {"user": objs["member"].pk})
    assert resp.status_code == 200 and resp.context["form"].errors["user"]


# ---------- users and roles ----------

def _user_data(objs, **over):
    data = {"username": "new.user", "first_name": "Nora", "last_name": "Quispe", "email": "",
            "institution": objs["inst"].pk, "unit": objs["unit"].pk, "role": "investigator",
            "password": "a-Good-passphrase-77"}
    data.update(over)
    return data


def test_create_user(aclient, objs, admin, client):
    resp = aclient.post(reverse("accounts:user_create"), _user_data(objs))
    user = User.objects.get(username="new.user")
    assert resp.status_code == 302 and resp.url == reverse("accounts:user_detail", args=[user.pk])
    assert not user.is_active and not user.memberships.exists()  # four eyes: nothing until approved
    entry = AuditEntry.objects.get(action="user.create")
    assert entry.actor_id == admin.pk and "a-Good-passphrase-77" not in str(entry.details)
    approver = make_user("approver", institution=objs["inst"], username="approver")
    grant_approve(actor=approver, request_id=AccessGrantRequest.objects.get(subject=user).pk)
    m = user.memberships.get()
    assert (m.institution, m.unit, m.role) == (objs["inst"], objs["unit"], "investigator")
    aclient.logout()
    assert aclient.post(reverse("web:login"), {"username": "new.user", "password": "a-Good-passphrase-77"}).status_code == 302


@pytest.mark.parametrize("over,field", [
    ({"password": "short"}, "password"),
    ({"password": "password1234"}, "password"),
    ({"username": "ana"}, "username"),  # taken
    ({"username": "bad name!"}, "username"),
    ({"role": "king"}, "role"),
    ({"institution": ""}, "institution"),
    ({"role": "supervisor", "unit": ""}, "unit"),
    ({"email": "not-an-email"}, "email"),
])
def test_invalid_user_shows_field_errors(aclient, objs, over, field):
    resp = aclient.post(reverse("accounts:user_create"), _user_data(objs, **over))
    assert resp.status_code == 200
    assert resp.context["form"].errors[field], resp.context["form"].errors
    assert not AuditEntry.objects.filter(action="user.create").exists()


def test_unit_of_another_institution_is_refused(aclient, objs):
    other_unit = UnitFactory(code="ngo-unit")
    resp = aclient.post(reverse("accounts:user_create"), _user_data(objs, unit=other_unit.pk))
    assert resp.status_code == 200 and resp.context["form"].errors["unit"]


def test_user_list_shows_roles_and_filters(aclient, objs):
    make_user("prosecutor", institution=InstitutionFactory(name="Fiscalía"), username="pedro")
    html = aclient.get(reverse("accounts:user_list")).content.decode()
    assert "ana" in html and "pedro" in html and "Investigator" in html
    html = aclient.get(reverse("accounts:user_list"), {"role": "prosecutor"}).content.decode()
    assert "pedro" in html and ">ana<" not in html
    html = aclient.get(reverse("accounts:user_list"), {"institution": objs["inst"].pk}).content.decode()
    assert ">ana<" in html and "pedro" not in html
    assert aclient.get(reverse("accounts:user_list"), {"institution": "nope"}).status_code == 200


def test_grant_and_revoke_role(aclient, objs, admin):
    member = objs["member"]
    other = InstitutionFactory(code="fis")
    resp = aclient.post(reverse("accounts:user_detail", args=[member.pk]),
                        {"institution": other.pk, "unit": "", "role": "liaison"})
    assert resp.status_code == 302
    assert not Membership.objects.filter(user=member, institution=other).exists()  # four eyes
    approver = make_user("approver", institution=other, username="approver")
    grant_approve(actor=approver, request_id=AccessGrantRequest.objects.get(kind="membership.add").pk)
    m = Membership.objects.get(user=member, institution=other, role="liaison", is_active=True)
    assert AuditEntry.objects.filter(action="permission.grant", actor=approver, object_id=str(member.pk)).exists()

    resp = aclient.post(reverse("accounts:membership_revoke", args=[m.pk]))
    assert resp.status_code == 302
    m.refresh_from_db()
    assert not m.is_active
    assert AuditEntry.objects.filter(action="permission.revoke", actor=admin).exists()
    assert "liaison" not in User.objects.get(pk=member.pk).roles


def test_invalid_role_grant_shows_errors(aclient, objs):
    resp = aclient.post(reverse("accounts:user_detail", args=[objs["member"].pk]),
                        {"institution": "", "unit": "", "role": ""})
    assert resp.status_code == 200
    errors = resp.context["form"].errors
    assert errors["institution"] and errors["role"]


def test_admin_cannot_grant_self_a_role(aclient, admin, objs):
    resp = aclient.post(reverse("accounts:user_detail", args=[admin.pk]),
                        {"institution": objs["inst"].pk, "unit": objs["unit"].pk, "role": "investigator"})
    assert resp.status_code == 200 and resp.context["form"].non_field_errors()
    assert not admin.memberships.filter(role="investigator").exists()
    assert not AuditEntry.objects.filter(action="permission.grant").exists()


def test_admin_cannot_revoke_own_admin_role(aclient, admin):
    m = admin.memberships.get()
    aclient.post(reverse("accounts:membership_revoke", args=[m.pk]))
    m.refresh_from_db()
    assert m.is_active


def test_deactivate_and_reactivate_user(aclient, objs, admin, client):
    member = objs["member"]
    url = reverse("accounts:user_set_active", args=[member.pk])
    assert aclient.post(url, {"active": "0"}).status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert AuditEntry.objects.filter(action="permission.deactivate", actor=admin).exists()
    assert aclient.post(url, {"active": "1"}).status_code == 302
    member.refresh_from_db()
    assert member.is_active
    assert AuditEntry.objects.filter(action="permission.reactivate", actor=admin).exists()


def test_deactivated_user_is_signed_out(client, objs, admin):
    from django.test import Client

    member_client = Client()
    member_client.force_login(objs["member"])
    assert member_client.get(reverse("web:password_change")).status_code == 200
    client.force_login(admin)
    client.post(reverse("accounts:user_set_active", args=[objs["member"].pk]), {"active": "0"})
    assert member_client.get(reverse("web:password_change")).status_code == 302


def test_admin_cannot_deactivate_self(aclient, admin):
    aclient.post(reverse("accounts:user_set_active", args=[admin.pk]), {"active": "0"})
    admin.refresh_from_db()
    assert admin.is_active


def test_totp_reset(aclient, objs, admin):
    TOTPDevice.objects.create(user=objs["member"], name="default", confirmed=True)
    resp = aclient.post(reverse("accounts:user_totp_reset", args=[objs["member"].pk]))
    assert resp.status_code == 302
    assert not TOTPDevice.objects.filter(user=objs["member"]).exists()
    assert AuditEntry.objects.filter(action="permission.totp_reset", actor=admin).exists()


def test_post_only_actions_refuse_get(aclient, objs):
    for name in ("user_set_active", "user_totp_reset"):
        assert aclient.get(reverse(f"accounts:{name}", args=[objs["member"].pk])).status_code == 405


# ---------- reference data ----------

def test_municipality_list(aclient):
    html = aclient.get(reverse("accounts:municipality_list")).content.decode()
    assert "El Alto" in html
    html = aclient.get(reverse("accounts:municipality_list"), {"subdivision": "BO-C"}).content.decode()
    assert "El Alto" not in html
