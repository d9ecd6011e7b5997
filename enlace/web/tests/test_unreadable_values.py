"""A record whose stored value was moved from another row: a clear 409 page, never a 500, and a
log line that names the field but nothing it holds."""

import logging

import pytest
from django.db import connection
from django.urls import NoReverseMatch, reverse

from enlace.cases.services_persons import case_person_add
from enlace.persons.models import Person
from enlace.persons.services import PersonInput

pytestmark = pytest.mark.django_db


def person_url(person: Person) -> str:
    """The person page, whichever identifier its address takes."""
    try:
        return reverse("persons:detail", args=[person.public_id])
    except NoReverseMatch:
        return reverse("persons:detail", args=[person.pk])


def test_a_name_moved_from_another_row_is_a_409_page_and_the_log_names_no_one(world, client, caplog):
    add = {"actor": world["investigator"], "case": world["case"], "role": "suspect"}
    a = case_person_add(**add, data=PersonInput(given_names="Teodoro", first_surname="Callisaya")).person
    b = case_person_add(**add, data=PersonInput(given_names="Wilfredo", first_surname="Huarachi")).person
    client.force_login(world["investigator"])
    assert "Callisaya" in client.get(person_url(a)).content.decode()
    with connection.cursor() as cur:  # the database owner gives person a the surname of person b
        cur.execute("UPDATE persons_person SET first_surname = (SELECT first_surname FROM persons_person "
                    "WHERE id = %s) WHERE id = %s", [b.pk, a.pk])
    with caplog.at_level(logging.ERROR, logger="enlace.security"):
        r = client.get(person_url(a), HTTP_ACCEPT_LANGUAGE="en")
    body = r.content.decode()
    assert r.status_code == 409 and "This record cannot be read" in body
    assert "Huarachi" not in body and "Callisaya" not in body
    logged = "\n".join(rec.getMessage() for rec in caplog.records)
    assert "persons.Person.first_surname" in logged and "failed authentication" in logged
    for secret in ("Huarachi", "Callisaya", "Teodoro", "Wilfredo"):
        assert secret not in logged
