"""Administration of institutions, units and teams: unit choices that follow the institution, member
pickers that list only people who work cases, and deactivation (never deletion) with its effects."""

from __future__ import annotations

import pytest
from django.urls import reverse

from enlace.accounts.models import AccessGrantRequest, Institution, Team, Unit
from enlace.accounts.services import membership_add, team_member_add
from enlace.accounts.tests.factories import InstitutionFactory, TeamFactory, UnitFactory, make_user
from enlace.audit.models import AuditEntry
from enlace.cases.selectors import case_form_choices
from enlace.cases.services import case_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return make_user("sysadmin", username="root")


@pytest.fixture
def aclient(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def org(db):
    felcc = InstitutionFactory(code="felcc", name="FELCC")
    fiscalia = InstitutionFactory(code="fiscalia", name="Fiscalía", kind="prosecution")
    lpz = UnitFactory(institution=felcc, code="felcc-lpz", name="FELCC La Paz")
    scz = UnitFactory(institution=felcc, code="felcc-scz", name="FELCC Santa Cruz")
    fis_lpz = UnitFactory(institution=fiscalia, code="fis-lpz", name="Fiscalía La Paz")
    team = TeamFactory(code="eme-lpz", name="EME La Paz")
    people = {
        "inv": make_user("investigator", unit=lpz, username="inv.mamani"),
        "pros": make_user("prosecutor", unit=fis_lpz, username="pros.rojas"),
        "auditor": make_user("auditor", institution=felcc, username="aud.flores"),
        "committee": make_user("monitoring", institution=felcc, username="mne.quispe"),
        "sysadmin2": make_user("sysadmin", institution=felcc, username="root2"),
        "screener": make_user("screener", institution=felcc, username="scr.choque"),
    }
    people["inv"].first_name, people["inv"].last_name = "Rosa", "Mamani"
    people["inv"].save()
    return {"felcc": felcc, "fiscalia": fiscalia, "lpz": lpz, "scz": scz, "fis_lpz": fis_lpz, "team": team, **people}


# ---------- unit choices follow the institution ----------

def test_unit_choices_are_those_of_the_chosen_institution(aclient, org):
    url = reverse("accounts:user_create")
    form = aclient.get(url).context["form"]
    assert [v for v, _l in form.fields["unit"].choices] == [""]  # no institution yet: nothing to choose
    assert f'hx-get="{reverse("accounts:unit_options")}"' in aclient.get(url).content.decode()
    bound = aclient.post(url, {"institution": org["fiscalia"].pk}).context["form"]
    assert {v for v, _l in bound.fields["unit"].choices} == {"", str(org["fis_lpz"].pk)}


def test_unit_options_follow_the_institution_and_leave_out_deactivated(aclient, org, admin):
    url = reverse("accounts:unit_options")
    html = aclient.get(url, {"institution": org["felcc"].pk}).content.decode()
    assert "FELCC La Paz" in html and "FELCC Santa Cruz" in html and "Fiscalía La Paz" not in html
    aclient.post(reverse("accounts:unit_active", args=[org["scz"].pk]), {"active": "0"})
    html = aclient.get(url, {"institution": org["felcc"].pk}).content.decode()
    assert "FELCC La Paz" in html and "FELCC Santa Cruz" not in html
    assert "<option value=\"\">—</option>" == aclient.get(url, {"institution": "x"}).content.decode().strip()


def test_a_unit_of_another_institution_is_refused(aclient, org):
    resp = aclient.post(reverse("accounts:user_detail", args=[org["inv"].pk]),
                        {"institution": org["felcc"].pk, "unit": org["fis_lpz"].pk, "role": "investigator"})
    assert resp.status_code == 200 and resp.context["form"].errors["unit"]


# ---------- team member picker ----------

def test_member_picker_lists_only_people_who_work_cases(aclient, org):
    detail = reverse("accounts:team_detail", args=[org["team"].pk])
    offered = {u.username for u in aclient.get(detail).context["form"].fields["user"].queryset}
    assert offered == {"inv.mamani", "pros.rojas"}
    resp = aclient.post(detail, {"user": org["auditor"].pk})
    assert resp.status_code == 200 and resp.context["form"].errors["user"]
    assert not AccessGrantRequest.objects.filter(kind="team.add").exists()


def test_member_picker_is_searchable(aclient, org):
    detail = reverse("accounts:team_detail", args=[org["team"].pk])
    found = aclient.get(detail, {"q": "mamani"}).context["form"].fields["user"].queryset
    assert [u.username for u in found] == ["inv.mamani"]
    html = aclient.get(reverse("accounts:team_candidates", args=[org["team"].pk]), {"q": "rosa"}).content.decode()
    assert "Rosa Mamani (inv.mamani)" in html and "pros.rojas" not in html and "aud.flores" not in html
    html = aclient.get(reverse("accounts:team_candidates", args=[org["team"].pk]), {"q": "aud"}).content.decode()
    assert "aud.flores" not in html


def test_service_refuses_team_members_kept_apart(org, admin):
    for who in ("auditor", "committee", "sysadmin2", "screener"):
        with pytest.raises(Exception) as exc:
            team_member_add(actor=admin, team=org["team"], user=org[who])
        assert "user" in exc.value.message_dict
    assert team_member_add(actor=admin, team=org["team"], user=org["pros"]).kind == "team.add"


# ---------- deactivate and reactivate ----------

def test_deactivate_and_reactivate_team(aclient, org, admin):
    url = reverse("accounts:team_active", args=[org["team"].pk])
    assert aclient.post(url, {"active": "0"}).status_code == 302
    assert not Team.objects.get(pk=org["team"].pk).is_active
    assert AuditEntry.objects.filter(action="team.deactivate", actor=admin, object_id=str(org["team"].pk)).exists()
    page = aclient.get(reverse("accounts:team_detail", args=[org["team"].pk]))
    assert "form" in page.context and "Add to team" not in page.content.decode()
    with pytest.raises(Exception) as exc:
        team_member_add(actor=admin, team=Team.objects.get(pk=org["team"].pk), user=org["pros"])
    assert "user" in exc.value.message_dict
    aclient.post(url, {"active": "1"})
    assert Team.objects.get(pk=org["team"].pk).is_active
    assert AuditEntry.objects.filter(action="team.reactivate", actor=admin).exists()


def test_deactivated_institution_and_unit_take_no_members(aclient, org, admin):
    aclient.post(reverse("accounts:unit_active", args=[org["lpz"].pk]), {"active": "0"})
    assert AuditEntry.objects.filter(action="unit.deactivate", actor=admin).exists()
    with pytest.raises(Exception) as exc:
        membership_add(actor=admin, user=org["pros"], institution=org["felcc"], role="investigator",
                       unit=Unit.objects.get(pk=org["lpz"].pk))
    assert "unit" in exc.value.message_dict
    aclient.post(reverse("accounts:unit_active", args=[org["fis_lpz"].pk]), {"active": "0"})
    aclient.post(reverse("accounts:institution_active", args=[org["fiscalia"].pk]), {"active": "0"})
    assert not Institution.objects.get(pk=org["fiscalia"].pk).is_active
    assert AuditEntry.objects.filter(action="institution.deactivate", actor=admin).exists()
    form = aclient.get(reverse("accounts:user_create")).context["form"]
    assert org["fiscalia"] not in form.fields["institution"].queryset
    with pytest.raises(Exception) as exc:
        membership_add(actor=admin, user=org["inv"], institution=Institution.objects.get(pk=org["fiscalia"].pk),
                       role="prosecutor")
    assert "institution" in exc.value.message_dict
    # Nothing was deleted: the members and units stay on record.
    assert Unit.objects.filter(pk=org["fis_lpz"].pk).exists() and org["pros"].memberships.exists()
    # A unit of a deactivated institution cannot come back on its own.
    resp = aclient.post(reverse("accounts:unit_active", args=[org["fis_lpz"].pk]), {"active": "1"}, follow=True)
    assert not Unit.objects.get(pk=org["fis_lpz"].pk).is_active
    assert "Reactivate the institution first." in resp.content.decode()


def test_deactivated_unit_and_team_receive_no_cases(org, admin):
    inv = org["inv"]
    team = org["team"]
    team.memberships.create(user=inv)
    choices = case_form_choices(actor=inv)
    assert org["lpz"] in choices["units"] and team in choices["teams"]
    Unit.objects.filter(pk=org["lpz"].pk).update(is_active=False)
    Team.objects.filter(pk=team.pk).update(is_active=False)
    choices = case_form_choices(actor=inv)
    assert org["lpz"] not in choices["units"] and team not in choices["teams"]
    with pytest.raises(Exception) as exc:
        case_create(actor=inv, title="Workshop", lead_institution=org["felcc"], lead_unit=Unit.objects.get(pk=org["lpz"].pk))
    assert "lead_unit" in exc.value.message_dict
    with pytest.raises(Exception) as exc:
        case_create(actor=inv, title="Workshop", lead_institution=org["felcc"], team=Team.objects.get(pk=team.pk))
    assert "team" in exc.value.message_dict


def test_an_administrator_cannot_deactivate_their_own_institution(aclient, admin):
    own = admin.active_memberships[0].institution
    aclient.post(reverse("accounts:institution_active", args=[own.pk]), {"active": "0"})
    assert Institution.objects.get(pk=own.pk).is_active
