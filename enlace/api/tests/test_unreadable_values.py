"""The API answers a record whose encrypted value was moved from another row with a JSON 409."""

import logging

import pytest
from django.db import connection

from enlace.cases.models import Case
from enlace.cases.services import case_create

pytestmark = pytest.mark.django_db


def test_a_summary_moved_from_another_case_is_a_json_409(world, api_as, caplog):
    other = case_create(actor=world["investigator"], title="Second workshop", lead_institution=world["police"],
                        lead_unit=world["lpz"], team=world["team"], forms_of_exploitation=["forced_labour"],
                        labour_sectors=["manufacturing"], reference_number="FELCC-LP-2026-002")
    for case, text in ((world["case"], "Recruited in Achacachi"), (other, "Recruited in Caranavi")):
        case.summary = text
        case.save(update_fields=["summary"])
    with connection.cursor() as cur:
        cur.execute("UPDATE cases_case SET summary = (SELECT summary FROM cases_case WHERE id = %s) WHERE id = %s",
                    [other.pk, world["case"].pk])
    api = api_as(world["investigator"])
    with caplog.at_level(logging.ERROR, logger="enlace.security"):
        answers = [api.get(f"/cases/{ident}", **{"Accept-Language": "en"})
                   for ident in (world["case"].public_id, world["case"].pk)]
    r = next(a for a in answers if a.status_code not in (404, 422))  # the address takes one of the two
    assert r.status_code == 409 and "integrity check" in r.json()["message"]
    assert "Caranavi" not in r.content.decode() and "Caranavi" not in caplog.text
    assert "cases.Case.summary" in caplog.text
    assert Case.objects.get(pk=other.pk).summary == "Recruited in Caranavi"
