"""The capacity pages through the test client: the manager's pages render, a respondent answers,
the workshop edits the matrix, the import reports unmatched names; others are refused."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from enlace.capacity import services, services_training
from enlace.capacity.models import Participation, Respondent

from .factories import capacity_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = capacity_world()
    m = w["manager"]
    w["round"] = services.round_create(actor=m, title="Diagnóstico 2010", year=2010, template=w["template"],
                                       units=[w["police_unit"]])
    w["ru"] = w["round"].round_units.get()
    w["respondent"] = services.respondent_add(actor=m, round_unit=w["ru"], user=w["officer_a"])
    w["course"] = services_training.course_create(actor=m, title="Investigación financiera", provider="unodc",
                                                  hours=24, modality="blended",
                                                  competencies=["financial_investigation"], validity_months=36)
    w["session"] = services_training.session_create(actor=m, course=w["course"], starts_on=dt.date(2010, 8, 2),
                                                    ends_on=dt.date(2010, 8, 4), place="Santa Cruz")
    w["staff"] = services_training.staff_create(actor=m, full_name="Ramiro Quispe Apaza", institution=w["police"],
                                                unit=w["police_unit"], user=w["officer_a"])
    return w


def client_for(user) -> Client:
    c = Client(headers={"accept-language": "en"})
    c.force_login(user)
    return c


def test_the_manager_home_is_the_capacity_panel(w):
    r = client_for(w["manager"]).get(reverse("web:home"))
    assert r.status_code == 200
    assert "Rounds in progress" in r.text and "Diagnóstico 2010" in r.text and "Coverage gaps" in r.text


def test_every_manager_page_renders(w):
    c = client_for(w["manager"])
    for name, kwargs in [("capacity:rounds", {}), ("capacity:round_create", {}),
                         ("capacity:round_detail", {"pk": w["round"].pk}), ("capacity:compare", {}),
                         ("capacity:swot", {"pk": w["ru"].pk}), ("capacity:actions", {}), ("capacity:courses", {}),
                         ("capacity:course_create", {}), ("capacity:course_detail", {"pk": w["course"].pk}),
                         ("capacity:session_detail", {"pk": w["session"].pk}), ("capacity:staff", {}),
                         ("capacity:staff_create", {}), ("capacity:coverage", {})]:
        assert c.get(reverse(name, kwargs=kwargs)).status_code == 200, name


def test_a_respondent_saves_then_hands_in(w):
    c = client_for(w["officer_a"])
    url = reverse("capacity:answer", args=[w["respondent"].pk])
    assert "Diagnóstico 2010" in c.get(reverse("web:home")).text  # the home page points to it
    assert c.post(url, {"q_lf1": "4", "e_lf1": "Curso 2009", "save": "1"}).status_code == 302
    data = {f"q_{code}": "3" for code in ("lf1", "lf2", "lf3", "inv1", "inv2", "inv3", "pro1", "pro2", "pro3",
                                          "vic1", "vic2", "vic3", "int1", "int2", "int3", "coo1", "coo2", "coo3",
                                          "dat1", "dat2", "res1", "res2")}
    data["q_res3"] = "dk"
    r = c.post(url, {**data, "submit": "1"})
    assert r.status_code == 302 and r.headers["Location"] == reverse("capacity:questionnaires")
    respondent = Respondent.objects.get(pk=w["respondent"].pk)
    assert respondent.submitted_at is not None
    assert respondent.answers.get(question="res3").rating is None
    # Handed in: the page is read-only, another POST changes nothing.
    c.post(url, {**data, "q_lf1": "1", "submit": "1"})
    assert respondent.answers.get(question="lf1").rating == 3


def test_another_user_cannot_open_the_questionnaire(w):
    r = client_for(w["officer_b"]).get(reverse("capacity:answer", args=[w["respondent"].pk]))
    assert r.status_code == 404


def test_workshop_through_the_pages(w):
    c = client_for(w["manager"])
    services.answers_save(actor=w["officer_a"], respondent=w["respondent"],
                          answers={code: (1, "") for code in ("lf1", "lf2", "lf3", "inv1", "inv2", "inv3", "pro1",
                                                               "pro2", "pro3", "vic1", "vic2", "vic3", "int1", "int2",
                                                               "int3", "coo1", "coo2", "coo3", "dat1", "dat2", "res1",
                                                               "res2", "res3")}, submit=True)
    c.post(reverse("capacity:swot_build", args=[w["ru"].pk]))
    page = c.get(reverse("capacity:swot", args=[w["ru"].pk])).text
    assert "Investigation (1.00)" in page and "from the answers" in page
    matrix = w["ru"].matrix
    c.post(reverse("capacity:swot_item_add", args=[matrix.pk]), {"quadrant": "O", "text": "Nueva ley 263"})
    c.post(reverse("capacity:swot_validate", args=[matrix.pk]))
    page = c.get(reverse("capacity:swot", args=[w["ru"].pk])).text
    assert "Nueva ley 263" in page and "read-only" in page and "Add an item from the workshop" not in page


def test_import_reports_unmatched_names_then_imports_the_matched_on_request(w):
    c = client_for(w["manager"])
    url = reverse("capacity:attendance_import", args=[w["session"].pk])
    sheet = b"nombre,asistio,aprobo\nRamiro Quispe Apaza,si,si\nPersona Desconocida,si,si\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = c.post(url, {"file": SimpleUploadedFile("lista.csv", sheet, content_type="text/csv")})
    assert r.status_code == 200 and "Persona Desconocida" in r.text and "Import the names found" in r.text
    assert not Participation.objects.exists()
    payload = r.context["confirm_form"].initial
    r = c.post(url, {"payload": payload["payload"], "filename": payload["filename"], "import_matched": "True"})
    assert r.status_code == 302
    assert list(Participation.objects.values_list("staff__full_name", flat=True)) == ["Ramiro Quispe Apaza"]


def test_staff_see_their_own_record_and_badge_only(w):
    p = services_training.participation_record(actor=w["manager"], session=w["session"], staff=w["staff"],
                                               completed=True)
    own = client_for(w["officer_a"])
    assert "Investigación financiera" in own.get(reverse("capacity:my_training")).text
    badge = own.get(reverse("capacity:badge", args=[p.pk]))
    assert badge.status_code == 200 and json.loads(badge.content)["type"][1] == "OpenBadgeCredential"
    assert client_for(w["officer_b"]).get(reverse("capacity:badge", args=[p.pk])).status_code == 404
    assert "No training record" in client_for(w["officer_b"]).get(reverse("capacity:my_training")).text


def test_compare_page_draws_a_chart_with_its_table(w):
    later = services.round_create(actor=w["manager"], title="Diagnóstico 2012", year=2012, template=w["template"],
                                  units=[w["police_unit"]])
    r = client_for(w["manager"]).get(reverse("capacity:compare"), {"before": w["round"].pk, "after": later.pk})
    assert 'id="cap-compare-data"' in r.text and 'id="cap-compare-table"' in r.text
    assert "vendor/chartjs/chart.umd.js" in r.text and "<script>" not in r.text


def test_other_roles_are_refused(w):
    c = client_for(w["officer_a"])
    assert c.get(reverse("capacity:home")).status_code == 403
    assert c.get(reverse("capacity:round_detail", args=[w["round"].pk])).status_code == 404
    assert c.get(reverse("capacity:coverage")).status_code == 403
