"""The case-data-standard export: research consent decides who is in it, HTCDS names and values,
k-anonymity recounted on the output, identifying fields empty."""

from __future__ import annotations

from collections import Counter

import pytest

from enlace.audit.models import AuditEntry
from enlace.cases.models import CasePerson
from enlace.monitoring import htcds, services
from enlace.referrals.models import ConsentPurpose
from enlace.referrals.selectors import subject_is_child
from enlace.referrals.services import consent_revoke
from enlace.referrals.tests.factories import give_consent

from .factories import add_stats_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(world):
    w = add_stats_world(world)
    victims = list(CasePerson.objects.filter(role__in=("victim", "presumed_victim"), case__title__startswith="Stats")
                   .select_related("person", "case").order_by("pk"))
    w["consents"] = {}
    for cp in victims[:8]:  # the first eight victims agree to research use; three do not
        actor = w["investigator"] if cp.case.lead_unit_id == w["lpz"].pk else w["cbba_investigator"]
        child = subject_is_child(person=cp.person)
        extra = ({"basis": "best_interest", "guardian_name": "Defensoría", "best_interest_authority": "Juzgado"}
                 if child else {})
        w["consents"][cp.person_id] = give_consent(actor, person=cp.person, recipient=w["police"],
                                                   purpose=ConsentPurpose.RESEARCH, **extra)
    # a consent for a service does not cover research
    adult = next(cp for cp in victims[8:] if not subject_is_child(person=cp.person))
    actor = w["investigator"] if adult.case.lead_unit_id == w["lpz"].pk else w["cbba_investigator"]
    give_consent(actor, person=adult.person, recipient=w["police"], purpose="shelter")
    return w


def _rows(release):
    lines = [line.split(",") for line in release.content.strip().splitlines()]
    return lines[0], [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]


def test_only_victims_with_a_research_consent_are_exported(sw):
    release = services.release_create(actor=sw["monitoring"], kind="htcds", k=2)
    assert release.report["input_records"] == 8
    assert release.report["victims_without_research_consent"] == 3
    assert release.records + release.report["suppressed_records"] == 8
    assert AuditEntry.objects.filter(action="monitoring.release.create", object_id=str(release.pk)).exists()


def test_a_withdrawn_research_consent_takes_the_person_out(sw):
    person_id, consent = next(iter(sw["consents"].items()))
    actor = sw["investigator"] if consent.taken_by_id == sw["investigator"].pk else sw["cbba_investigator"]
    consent_revoke(actor=actor, consent=consent)
    release = services.release_create(actor=sw["monitoring"], kind="htcds", k=2)
    assert release.report["input_records"] == 7
    assert person_id not in set(htcds.research_persons().values_list("person_id", flat=True))


def test_fields_and_values_are_htcds_and_every_published_combination_has_k_records(sw):
    release = services.release_create(actor=sw["monitoring"], kind="htcds", k=2)
    header, rows = _rows(release)
    assert header == htcds.header()
    assert all(name[:4] in ("prs_", "vic_", "per_", "cas_", "hte_") for name in header)
    published = release.report["fields_published"]
    counts = Counter(tuple(r[f] for f in published) for r in rows)
    assert rows and min(counts.values()) >= 2
    assert {r["vic_TraffickingStatus"] for r in rows} <= {"PossibleVictimOfTrafficking", "ActualVictimOfTrafficking"}
    assert {r["prs_Gender"] for r in rows} <= {"Feminine", "Masculine", "NonConforming", "NonSpecifiedUnknown"}
    assert all(r["hte_Type"] == "Exploitation" for r in rows)
    for empty in release.report["fields_withheld_identifying"] + release.report["fields_not_recorded"]:
        assert all(r[empty] == "" for r in rows)
    assert "Rosalinda" not in release.content and "Quispe" not in release.content


def test_an_unusual_combination_is_generalised_or_withheld_at_k_eleven(sw):
    release = services.release_create(actor=sw["monitoring"], kind="htcds", k=11)
    _header, rows = _rows(release)
    assert release.records == len(rows) == 0  # eight consenting victims cannot make a group of eleven
    assert release.report["suppressed_records"] == 8


def test_values_follow_the_mapping():
    record = {"status": "identified", "gender": "F", "age_band": "18-20", "citizenship": "bo",
              "forms_of_exploitation": "forced_labour;sexual", "means_of_control": "multiple",
              "recruiter_relation": "unknown", "country_of_exploitation": "AR", "year": "2025", "case_status": "closed"}
    row = dict(zip(htcds.header(), htcds.htcds_row(record), strict=True))
    assert row["vic_TraffickingStatus"] == "ActualVictimOfTrafficking"
    assert row["vic_TypeOfExploitation"] == "ForcedLabour;SexualExploitation"
    assert row["vic_MethodsOfControl"] == "Multiple"
    assert row["vic_RelationshipToTrafficker"] == ""
    assert row["prs_Citizenship"] == "BO" and row["hte_Country"] == "AR" and row["cas_Status"] == "Closed"
