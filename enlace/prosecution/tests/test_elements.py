import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from enlace.audit.models import AuditEntry
from enlace.cases.services_persons import RoleFields, case_person_add, case_person_update
from enlace.core.errors import Conflict, NotFound
from enlace.persons.services import PersonInput
from enlace.prosecution.elements import element_required, gap_reason
from enlace.prosecution.models import ElementLink, Offence
from enlace.prosecution.selectors_elements import gaps_of, matrix_groups
from enlace.prosecution.services_elements import element_update, matrix_open
from enlace.prosecution.services_proceedings import charge_create

from .factories import make_item
from .proceedings_factories import offence, suspect, victim_from_screening, witness

pytestmark = pytest.mark.django_db


def test_offences_are_loaded_with_source_article_and_unverified_mark():
    codes = set(Offence.objects.values_list("code", flat=True))
    assert {"BO-CP-281bis", "CO-CP-188A", "CO-CP-188B", "GT-CP-202ter", "PE-CP-129A", "PE-CP-129B",
            "AR-CP-145bis"} <= codes
    bolivia = offence()
    assert "Ley 263" in bolivia.source and "281 bis" in bolivia.article
    assert [e["key"] for e in bolivia.elements] == ["act", "means", "purpose"]
    assert bolivia.child_exempt("means") and not bolivia.child_exempt("act")
    assert not Offence.objects.filter(verified=True).exists()  # nothing checked against a gazette yet
    assert any("204" in a["label"] for a in offence("GT-CP-202ter").aggravations)


def test_rules_means_not_required_for_a_child_and_aggravation_only_when_charged():
    assert not element_required(element="means", child_exempt=True, child_victim=True, charged_aggravations=set())
    assert element_required(element="means", child_exempt=True, child_victim=False, charged_aggravations=set())
    assert not element_required(element="agg:organised_group", child_exempt=False, child_victim=False,
                                charged_aggravations=set())
    assert element_required(element="agg:organised_group", child_exempt=False, child_victim=False,
                            charged_aggravations={"organised_group"})
    assert gap_reason(required=True, status="established", linked=0) == "nothing linked"
    assert gap_reason(required=True, status="weak", linked=1) == "weak"
    assert gap_reason(required=True, status="supported", linked=1) is None
    assert gap_reason(required=False, status="missing", linked=0) is None


def test_matrix_prefilled_from_screening_and_gap_report(world):
    victim_from_screening(world)
    defendant = suspect(world)
    rows = matrix_open(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=defendant.pk,
                       offence_id=offence().pk)
    assert len(rows) == 3 + len(offence().aggravations)
    by_key = {r.element: r for r in rows}
    assert by_key["means"].screening_values == ["deception"]
    assert "Deception" in by_key["means"].note
    gaps = gaps_of(matrix_groups(world["case"]))
    assert {(g.element.split(":")[0], g.reason) for g in gaps} == {
        ("Acto", "nothing linked"), ("Medio", "nothing linked"), ("Finalidad", "nothing linked")}

    item = make_item(world)
    w_cp = witness(world)
    for key in ("act", "purpose"):
        link = by_key[key]
        element_update(actor=world["prosecutor"], link_id=link.pk, expected_version=link.version,
                       status="supported", evidence_ids=[item.pk], testimony_ids=[w_cp.pk])
    gaps = gaps_of(matrix_groups(world["case"]))
    assert [str(g).split(":")[0] + ": " + g.reason for g in gaps] == [
        f"{offence().label_of('means').split(':')[0]}: nothing linked"]
    assert AuditEntry.objects.filter(action="elements.update").count() == 2


def test_a_child_victims_offence_has_no_means_gap(world):
    cp = victim_from_screening(world, age=15, means=[])
    assert cp.age_at_exploitation == 15  # carried over from the screening
    defendant = suspect(world)
    matrix_open(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=defendant.pk,
                offence_id=offence().pk)
    group = matrix_groups(world["case"])[0]
    means = next(r for r in group.rows if r.link.element == "means")
    assert not means.required and means.gap is None
    assert {r.link.element for r in group.gaps} == {"act", "purpose"}


def test_the_means_gap_returns_when_the_victim_turns_out_adult(world):
    cp = victim_from_screening(world, age=15, means=[])
    defendant = suspect(world)
    matrix_open(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=defendant.pk,
                offence_id=offence().pk)
    case_person_update(actor=world["investigator"], case_person=cp, expected_version=cp.version,
                       changes=RoleFields(age_at_exploitation=19))
    assert "means" in {r.link.element for r in matrix_groups(world["case"])[0].gaps}


def test_a_charged_aggravation_without_evidence_is_a_gap(world):
    victim_from_screening(world)
    defendant = suspect(world)
    matrix_open(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=defendant.pk,
                offence_id=offence().pk)
    assert not any(r.link.element.startswith("agg:") for r in matrix_groups(world["case"])[0].gaps)
    charge_create(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=defendant.pk,
                  offence_id=offence().pk, aggravations=["organised_group"])
    gap_elements = {r.link.element for r in matrix_groups(world["case"])[0].gaps}
    assert "agg:organised_group" in gap_elements


def test_links_only_within_the_case_and_stale_versions_refused(world):
    victim_from_screening(world)
    defendant = suspect(world)
    link = matrix_open(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=defendant.pk,
                       offence_id=offence().pk)[0]
    with pytest.raises(ValidationError):
        element_update(actor=world["prosecutor"], link_id=link.pk, expected_version=link.version,
                       status="established", testimony_ids=[defendant.pk])  # a suspect is no testimony
    with pytest.raises(ValidationError):
        element_update(actor=world["prosecutor"], link_id=link.pk, expected_version=link.version,
                       status="established", evidence_ids=[987654])
    element_update(actor=world["prosecutor"], link_id=link.pk, expected_version=link.version, status="weak")
    with pytest.raises(Conflict):
        element_update(actor=world["investigator"], link_id=link.pk, expected_version=link.version, status="missing")
    assert ElementLink.objects.get(pk=link.pk).status == "weak"
    with pytest.raises(NotFound):
        element_update(actor=world["outsider"], link_id=link.pk, expected_version=2, status="missing")
    with pytest.raises(ValidationError):
        matrix_open(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=link.defendant.pk + 999,
                    offence_id=offence().pk)


def test_a_victim_under_18_by_birth_date_alone_has_no_means_gap(world):
    """No age at exploitation recorded: the birth date, on the date the case was reported, decides."""
    reported = world["case"].reported_on or timezone.localdate()
    cp = case_person_add(actor=world["investigator"], case=world["case"], role="victim",
                         data=PersonInput(given_names="Rosa", first_surname="Quispe", birth_year=reported.year - 16,
                                          birth_month=1, birth_day=1))
    assert cp.age_at_exploitation is None
    defendant = suspect(world)
    matrix_open(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=defendant.pk,
                offence_id=offence().pk)
    means = next(r for r in matrix_groups(world["case"])[0].rows if r.link.element == "means")
    assert not means.required


def test_an_adult_by_birth_date_keeps_the_means_element(world):
    cp = case_person_add(actor=world["investigator"], case=world["case"], role="victim",
                         data=PersonInput(given_names="Rosa", first_surname="Quispe", birth_year=1980))
    assert cp.age_at_exploitation is None
    defendant = suspect(world)
    matrix_open(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=defendant.pk,
                offence_id=offence().pk)
    means = next(r for r in matrix_groups(world["case"])[0].rows if r.link.element == "means")
    assert means.required


def test_the_supervisors_workload_names_prosecutors_by_full_name(world, client):
    prosecutor = world["prosecutor"]
    prosecutor.first_name, prosecutor.last_name = "Marcela", "Vargas Rojas"
    prosecutor.save(update_fields=["first_name", "last_name"])
    victim_from_screening(world)
    defendant = suspect(world)
    charge_create(actor=prosecutor, case_id=world["case"].public_id, defendant_id=defendant.pk, offence_id=offence().pk)
    client.force_login(world["supervisor"])
    html = client.get(reverse("web:home")).content.decode()
    panel = html[html.index('id="panel-workload"'):]
    panel = panel[:panel.index("</section>")]
    assert "Marcela Vargas Rojas" in panel and f">{prosecutor.username}<" not in panel
