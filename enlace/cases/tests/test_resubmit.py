"""Back and resubmit never creates twice: each create form carries a one-submission token."""

from __future__ import annotations

import pytest
from django.urls import reverse

from enlace.cases.models import Case, CasePerson, CaseTask

from .test_views_persons import form_data

pytestmark = pytest.mark.django_db


def _token(html: str) -> str:
    marker = 'name="form_token" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def test_adding_the_same_witness_twice_with_the_same_form_adds_one(client, world):
    client.force_login(world["investigator"])
    url = reverse("cases:person_add", args=[world["case"].public_id])
    token = _token(client.get(url).content.decode())
    data = form_data(role="witness", **{"p-given_names": "Ana", "p-first_surname": "Condori", "form_token": token})
    first = client.post(url, data)
    again = client.post(url, data)  # Back, then "Add to the case" again
    assert CasePerson.objects.filter(case=world["case"]).count() == 1
    assert again.status_code == 302 and again["Location"] == first["Location"]
    # Back fetches the form again (a new token) and the browser refills it: still the same submission.
    data["form_token"] = _token(client.get(url).content.decode())
    assert client.post(url, data)["Location"] == first["Location"]
    assert CasePerson.objects.filter(case=world["case"]).count() == 1
    # The next witness (another form, other content) is added.
    data.update({"form_token": _token(client.get(url).content.decode()), "p-given_names": "Lucía"})
    client.post(url, data)
    assert CasePerson.objects.filter(case=world["case"]).count() == 2


def test_a_refused_form_can_be_corrected_and_sent_again(client, world):
    client.force_login(world["investigator"])
    url = reverse("cases:person_add", args=[world["case"].public_id])
    token = _token(client.get(url).content.decode())
    refused = client.post(url, form_data(role="witness", form_token=token))  # nothing entered
    assert refused.status_code == 200 and _token(refused.content.decode()) == token
    client.post(url, form_data(role="witness", form_token=token, **{"p-given_names": "Ana"}))
    assert CasePerson.objects.filter(case=world["case"]).count() == 1


def test_case_and_task_forms_create_once(client, world):
    client.force_login(world["investigator"])
    new = reverse("cases:create")
    token = _token(client.get(new).content.decode())
    data = {"title": "Quarry Oruro", "summary": "", "lead_institution": world["police"].pk,
            "lead_unit": world["lpz"].pk, "forms_of_exploitation": ["forced_labour"], "reported_on": "",
            "reference_number": "", "form_token": token}
    client.post(new, data)
    client.post(new, data)
    assert Case.objects.filter(title="Quarry Oruro").count() == 1
    task_url = reverse("cases:task_add", args=[world["case"].public_id])
    page = client.get(reverse("cases:detail", args=[world["case"].public_id]) + "?tab=tasks").content.decode()
    task = {"title": "Visit the workshop", "form_token": _token(page)}
    client.post(task_url, task)
    client.post(task_url, task)
    assert CaseTask.objects.filter(title="Visit the workshop").count() == 1
