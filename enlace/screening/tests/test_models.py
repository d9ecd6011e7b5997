"""Instrument versions: built-in lists as rows, national variants as data, used versions never change."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError

from enlace.core.errors import Forbidden
from enlace.referrals.tests.factories import make_screener
from enlace.screening import services
from enlace.screening.instrument import load_instrument
from enlace.screening.models import InstrumentVersion
from enlace.screening.selectors import instrument_by_key, score_input

pytestmark = pytest.mark.django_db


def _variant(key="bo-2026-adult-labour", version="2026.1"):
    data = copy.deepcopy(load_instrument("ilo-ec-2009-adult-labour").to_dict())
    data.update(key=key, version=version, based_on="ilo-ec-2009-adult-labour", country="BO")
    # A national change: low pay counts as strong in this variant.
    for dimension in data["dimensions"]:
        for indicator in dimension["indicators"]:
            if indicator["key"] == "low_or_no_pay":
                indicator["strength"] = "strong"
    return data


@pytest.fixture(autouse=True)
def _builtin_lists(db):
    """The data migration loads the built-in lists; a transactional test earlier on the same
    worker empties every table (TRUNCATE on PostgreSQL), so put them back idempotently."""
    services.sync_builtin_instruments()


def test_migration_loaded_the_four_builtin_lists():
    rows = InstrumentVersion.objects.filter(is_builtin=True)
    assert sorted(rows.values_list("key", flat=True)) == [
        "ilo-ec-2009-adult-labour", "ilo-ec-2009-adult-sexual", "ilo-ec-2009-child-labour", "ilo-ec-2009-child-sexual"]


def test_same_version_with_different_content_is_refused():
    row = InstrumentVersion.objects.get(key="ilo-ec-2009-adult-labour")
    data = copy.deepcopy(row.data)
    data["dimensions"][0]["indicators"][0]["strength"] = "weak"
    from enlace.screening.instrument import instrument_from_dict

    with pytest.raises(ValidationError):
        services.instrument_version_for(instrument_from_dict(data))


def test_only_sysadmin_adds_variants_and_every_problem_is_listed(world):
    with pytest.raises(Forbidden):
        services.instrument_variant_add(actor=world["investigator"], data=_variant())
    broken = _variant()
    broken["dimensions"][0]["indicators"][0]["strenght"] = "strong"
    broken["source"]["url"] = "http://example.org"
    with pytest.raises(ValidationError) as exc:
        services.instrument_variant_add(actor=world["sysadmin"], data=broken)
    problems = " ".join(exc.value.message_dict["data"])
    assert "strenght" in problems and "https://" in problems


def test_active_national_variant_is_used_for_new_screenings_in_that_country(world):
    row = services.instrument_variant_add(actor=world["sysadmin"], data=_variant())
    screener = make_screener(world)
    s = services.screening_start(actor=screener, exploitation="labour", age_at_exploitation=30, country="BO")
    assert s.adult_instrument == row
    elsewhere = services.screening_start(actor=screener, exploitation="labour", age_at_exploitation=30, country="PE")
    assert elsewhere.adult_instrument.key == "ilo-ec-2009-adult-labour"
    # The variant changes the result: low pay (now strong) + excessive hours make dimension 4 two strong.
    s = services.screening_set_answers(actor=screener, screening=s, expected_version=s.version,
                                       yes=["excessive_working_hours", "low_or_no_pay"])
    s = services.screening_complete(actor=screener, screening=s, expected_version=s.version)
    assert s.result["results"][0]["instrument_key"] == "bo-2026-adult-labour"
    assert s.result["results"][0]["dimensions"][3]["rule"] == "two_strong"
    # Switching it off sends new screenings back to the ILO/EC list; the old one keeps its version.
    services.instrument_set_active(actor=world["sysadmin"], instrument_version=row, active=False)
    again = services.screening_start(actor=screener, exploitation="labour", age_at_exploitation=30, country="BO")
    assert again.adult_instrument.key == "ilo-ec-2009-adult-labour"
    s.refresh_from_db()
    assert s.adult_instrument == row


def test_variant_is_reachable_by_key_for_cli_and_api(world):
    services.instrument_variant_add(actor=world["sysadmin"], data=_variant())
    assert instrument_by_key("bo-2026-adult-labour").country == "BO"
    result = score_input({"instrument": "bo-2026-adult-labour", "yes": ["low_or_no_pay"], "age": 40})
    assert result["instrument_key"] == "bo-2026-adult-labour"
    assert result["dimensions"][3]["counts"]["strong"] == 1


def test_duplicate_variant_version_is_refused(world):
    services.instrument_variant_add(actor=world["sysadmin"], data=_variant())
    with pytest.raises(ValidationError):
        services.instrument_variant_add(actor=world["sysadmin"], data=_variant())
