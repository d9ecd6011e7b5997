"""The nightly walk opens every encrypted value against its row and records what does not open."""

import logging

import pytest
from django.db import connection

from enlace.audit.models import AuditEntry
from enlace.ops import jobs
from enlace.persons.services import PersonInput, person_create

pytestmark = pytest.mark.django_db


def test_a_value_moved_to_another_row_is_found_logged_and_audited_without_data(caplog):
    a, b = (person_create(actor=None, data=PersonInput(given_names=g, first_surname=s), pseudonym_prefix="V",
                          area="LPZ", default_region="BO") for g, s in (("Rosa", "Condori"), ("Ana", "Mamani")))
    assert jobs.keys_verify()["unreadable"] == 0
    with connection.cursor() as cur:
        cur.execute("UPDATE persons_person SET given_names = (SELECT given_names FROM persons_person WHERE id = %s) "
                    "WHERE id = %s", [b.pk, a.pk])
    with caplog.at_level(logging.ERROR, logger="enlace.security"):
        summary = jobs.keys_verify()
    assert summary["unreadable"] == 1 and summary["opened"] > 0
    entry = AuditEntry.objects.filter(action="keys.verify").latest("seq")
    assert entry.details["unreadable"] == 1 and entry.details["fields"] == ["persons.Person.given_names"]
    assert "persons.Person.given_names" in caplog.text and "Ana" not in caplog.text
