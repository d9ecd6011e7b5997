"""The phone stepper without JavaScript: one plain POST per step, drafts, the result page, access."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enlace.referrals.tests.factories import make_screener, screened
from enlace.screening import services
from enlace.screening.models import Screening

pytestmark = pytest.mark.django_db


def client_for(user, language="en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def _start(client, **extra):
    data = {"exploitation": "labour", "age_at_exploitation": "24", "screened_on": timezone.localdate().isoformat(),
            "country": "BO", "subdivision": "BO-L", "place_description": "Desaguadero", "action": "next", **extra}
    return client.post(reverse("screening:new"), data)


def test_complete_a_screening_step_by_step(world):
    screener = make_screener(world)
    client = client_for(screener)
    response = _start(client)
    s = Screening.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("screening:step", args=[s.public_id, "person"])

    page = client.get(response["Location"])
    assert b"anonymous" in page.content.lower()
    step = lambda name, **data: client.post(reverse("screening:step", args=[s.public_id, name]),  # noqa: E731
                                            {"version": Screening.objects.get().version, "action": "next", **data})
    assert step("person", anonymous="anonymous")["Location"].endswith("/step/1/")
    page = client.get(reverse("screening:step", args=[s.public_id, "1"]))
    assert "Did the job, the place or the employer turn out to be different" in page.content.decode()
    step("1", yes=["deceived_about_nature_of_job", "deceived_about_working_conditions"])
    for empty in ("2", "3"):
        step(empty)
    step("4", yes=["excessive_working_hours", "low_or_no_pay"])
    step("5", yes=["confiscation_of_documents", "debt_bondage"])
    assert step("6")["Location"].endswith("/step/elements/")
    step("elements", acts=["recruitment"], means=["deception"], purposes=["forced_labour"],
         forms_of_exploitation=["forced_labour"])
    review = client.get(reverse("screening:step", args=[s.public_id, "review"]))
    assert "With these answers the result would be" in review.content.decode()
    done = client.post(reverse("screening:step", args=[s.public_id, "review"]),
                       {"version": Screening.objects.get().version, "action": "complete"})
    assert done["Location"] == reverse("screening:result", args=[s.public_id])

    s.refresh_from_db()
    assert s.status == "completed" and s.outcome == "presumed_victim" and s.anonymous
    html = client.get(done["Location"]).content.decode()
    assert "Presumed victim" in html
    assert "supports the decision of a competent person" in html
    assert "Confiscation of documents" in html and "two strong indicators" in html
    assert "Recruitment" in html  # Palermo act recorded
    assert reverse("referrals:refer", args=["screening", s.public_id]) in html
    # A completed screening can no longer be edited: steps go to the result.
    assert client.get(reverse("screening:step", args=[s.public_id, "1"]))["Location"] == done["Location"]


def test_result_shows_missing_elements_for_possible_victim(world):
    screener = make_screener(world)
    s = screened(screener, yes=["deceived_about_nature_of_job", "deceived_about_contract", "excessive_working_hours",
                                "low_or_no_pay"])
    html = client_for(screener).get(reverse("screening:result", args=[s.public_id])).content.decode()
    assert "Possible victim" in html and "Still missing for a presumed victim" in html
    assert "coercion or abuse of vulnerability at destination (dimension 5 or 6)" in html


def test_save_draft_from_any_step_and_resume(world):
    screener = make_screener(world)
    client = client_for(screener)
    _start(client)
    s = Screening.objects.get()
    response = client.post(reverse("screening:step", args=[s.public_id, "3"]),
                           {"version": s.version, "action": "draft", "yes": ["economic_need"]})
    assert response["Location"] == reverse("screening:list")
    s.refresh_from_db()
    assert s.status == "draft" and s.answers == ["economic_need"]
    listing = client.get(reverse("screening:list")).content.decode()
    assert s.pseudonym in listing and reverse("screening:step", args=[s.public_id, "review"]) in listing


def test_stale_version_is_refused_without_losing_data(world):
    screener = make_screener(world)
    client = client_for(screener)
    _start(client)
    s = Screening.objects.get()
    client.post(reverse("screening:step", args=[s.public_id, "1"]), {"version": s.version, "yes": ["deceived_about_contract"]})
    stale = client.post(reverse("screening:step", args=[s.public_id, "2"]), {"version": s.version, "yes": ["recruitment_violence"]})
    assert stale.status_code == 200 and "Someone else changed this record" in stale.content.decode()
    s.refresh_from_db()
    assert s.answers == ["deceived_about_contract"]


def test_anonymous_with_a_name_shows_the_error_on_the_form(world):
    screener = make_screener(world)
    client = client_for(screener)
    _start(client)
    s = Screening.objects.get()
    response = client.post(reverse("screening:step", args=[s.public_id, "person"]),
                           {"version": s.version, "anonymous": "anonymous", "given_names": "Rosa"})
    assert response.status_code == 200 and "leave the names empty" in response.content.decode()


def test_questions_in_spanish(world):
    screener = make_screener(world)
    s = screened(screener, complete=False)
    html = client_for(screener, "es").get(reverse("screening:step", args=[s.public_id, "1"])).content.decode()
    assert "¿El trabajo, el lugar o el empleador resultaron distintos de lo que le prometieron?" in html


def test_others_get_404_and_non_screening_roles_403(world):
    screener = make_screener(world)
    s = screened(screener)
    colleague = make_screener(world, username="scr_colleague")
    for url in (reverse("screening:result", args=[s.public_id]), reverse("screening:step", args=[s.public_id, "1"])):
        assert client_for(colleague).get(url).status_code == 404
        assert client_for(world["investigator"]).get(url).status_code == 404
    assert client_for(world["supervisor"]).get(reverse("screening:result", args=[s.public_id])).status_code == 200
    for role in ("auditor", "monitoring", "sysadmin"):
        assert client_for(world[role]).get(reverse("screening:list")).status_code == 403
        assert client_for(world[role]).get(reverse("screening:new")).status_code == 403
    assert client_for(world["investigator"]).get(reverse("screening:new")).status_code == 200


def test_converted_screening_hides_the_case_from_the_screener(world):
    screener = make_screener(world)
    s = screened(screener)
    services.screening_hand_over(actor=screener, screening=s, team=world["team"])
    s.refresh_from_db()
    investigator = client_for(world["investigator"])
    page = investigator.get(reverse("screening:convert", args=[s.public_id]))
    assert world["case"].title in page.content.decode()
    response = investigator.post(reverse("screening:convert", args=[s.public_id]), {"version": s.version, "target": "new"})
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.case is not None
    html = client_for(screener).get(reverse("screening:result", args=[s.public_id])).content.decode()
    assert "Taken up by the specialised team" in html
    assert s.case.title not in html and f"/cases/{s.case.public_id}/" not in html
    assert client_for(screener).get(reverse("screening:convert", args=[s.public_id])).status_code == 403


def test_hand_over_from_result_page(world):
    screener = make_screener(world)
    s = screened(screener)
    response = client_for(screener).post(reverse("screening:hand_over", args=[s.public_id]), {"team": world["team"].pk})
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.handed_to_team == world["team"]


def test_instrument_pages_for_sysadmin_only(world):
    assert client_for(world["sysadmin"]).get(reverse("screening:instruments")).status_code == 200
    assert client_for(world["investigator"]).get(reverse("screening:instruments")).status_code == 403
    bad = client_for(world["sysadmin"]).post(reverse("screening:instrument_add"), {"data": '{"key": "x"}'})
    assert bad.status_code == 200 and "required" in bad.content.decode()


def test_the_result_names_the_indicator_list_in_words(world):
    screener = make_screener(world)
    screening = screened(screener)
    html = client_for(screener).get(reverse("screening:result", args=[screening.public_id])).content.decode()
    assert "List used: Trafficking of adults for labour exploitation, version 2009.1" in html
    assert "ilo-ec-2009" not in html
