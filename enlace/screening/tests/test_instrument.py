"""The four ILO/EC lists load, are complete in en/es/pt, and bad data is refused with a clear error."""

import copy
import dataclasses
import re

import pytest

from enlace.screening.instrument import (
    DIMENSION_KEYS,
    STRENGTHS,
    InstrumentError,
    LocalizedText,
    UnknownInstrumentError,
    available_instruments,
    builtin_instrument_for,
    instrument_from_dict,
    load_instrument,
    load_messages,
)
from enlace.screening.scoring import DIMENSION_RULES, NO_INDICATORS, POSSIBLE_VICTIM, PRESUMED_VICTIM

KEYS = ("ilo-ec-2009-adult-labour", "ilo-ec-2009-adult-sexual", "ilo-ec-2009-child-labour",
        "ilo-ec-2009-child-sexual")
LANGUAGES = ("en", "es", "pt")
RANK = {"weak": 0, "medium": 1, "strong": 2}


@pytest.fixture(params=KEYS)
def instrument(request):
    return load_instrument(request.param)


def test_exactly_the_four_lists_are_available():
    assert [i.key for i in available_instruments()] == list(KEYS)
    for key in KEYS:
        _, _, _, population, exploitation = key.split("-")
        found = builtin_instrument_for(population=population, exploitation=exploitation)
        assert found.key == key
        assert (found.population, found.exploitation) == (population, exploitation)


def test_metadata(instrument):
    assert instrument.version == "2009.1"
    assert "Operational indicators of trafficking in human beings" in instrument.source_title
    assert instrument.source_url.startswith("https://www.ilo.org/")
    assert instrument.title is not None and instrument.title.get("es")


def test_six_dimensions_in_order_with_canonical_keys(instrument):
    assert [(d.number, d.key) for d in instrument.dimensions] == list(DIMENSION_KEYS.items())
    for dimension in instrument.dimensions:
        assert dimension.indicators, dimension.key
        for language in LANGUAGES:
            assert dimension.label.get(language) == dimension.label.as_dict()[language]


def test_keys_unique_snake_case_and_strengths_valid(instrument):
    keys = [i.key for d in instrument.dimensions for i in d.indicators]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", key) for key in keys)
    assert {i.strength for i in instrument.indicators} <= set(STRENGTHS)
    assert all(i.dimension == d.number for d in instrument.dimensions for i in d.indicators)


def test_every_indicator_has_labels_and_questions_in_en_es_pt(instrument):
    for indicator in instrument.indicators:
        labels, questions = indicator.label.as_dict(), indicator.question.as_dict()
        for language in LANGUAGES:
            assert labels.get(language, "").strip(), (indicator.key, language)
            assert questions.get(language, "").strip(), (indicator.key, language)
        assert questions["en"].endswith("?"), indicator.key
        # Spanish questions open with ¿ (possibly after a leading clause) and close with ?
        assert "¿" in questions["es"] and questions["es"].endswith("?"), indicator.key
        assert questions["pt"].endswith("?"), indicator.key
        assert questions["es"] != questions["en"] and questions["pt"] != questions["es"], indicator.key


def test_questions_are_distinct_within_a_list(instrument):
    for language in LANGUAGES:
        questions = [i.question.get(language) for i in instrument.indicators]
        assert len(questions) == len(set(questions)), language


def test_every_dimension_can_become_positive(instrument):
    for dimension in instrument.dimensions:
        counts = [sum(1 for i in dimension.indicators if i.strength == s) for s in ("strong", "medium", "weak")]
        assert any(counts[0] >= s and counts[1] >= m and counts[2] >= w for _, s, m, w in DIMENSION_RULES), (
            instrument.key, dimension.key)


def test_adult_labour_strengths_follow_the_domain_brief():
    adult = load_instrument("ilo-ec-2009-adult-labour")
    expected = {
        1: {"deceived_about_nature_of_job": "strong", "deceived_about_wages": "medium",
            "deceived_about_working_conditions": "medium", "deceived_about_contract": "medium",
            "deceived_about_housing": "medium", "deceived_about_documents_or_migration_status": "medium",
            "deceived_about_travel_and_recruitment": "medium"},
        2: {"recruitment_violence": "strong", "abduction_forced_marriage_or_sale": "medium",
            "recruitment_confiscation_of_documents": "medium", "recruitment_debt_bondage": "medium",
            "recruitment_isolation_or_surveillance": "medium", "recruitment_threat_of_violence": "medium",
            "recruitment_threat_of_denunciation": "medium", "recruitment_violence_on_family": "medium",
            "recruitment_withholding_of_money": "medium"},
        3: {"abuse_of_difficult_family_situation": "medium", "abuse_of_irregular_status": "medium",
            "abuse_of_lack_of_education": "medium", "abuse_of_lack_of_information": "medium",
            "psychological_or_emotional_dependency": "medium", "economic_need": "medium"},
        4: {"excessive_working_hours": "strong", "bad_living_conditions": "medium", "hazardous_work": "medium",
            "low_or_no_pay": "medium", "no_social_protection": "medium", "wage_manipulation": "medium"},
        5: {"confiscation_of_documents": "strong", "debt_bondage": "strong",
            "isolation_confinement_or_surveillance": "strong", "violence_on_victim": "strong",
            "forced_into_illicit_activities": "medium", "forced_tasks_or_clients": "medium",
            "threats_of_violence": "medium", "withholding_of_wages": "medium"},
    }
    for number, strengths in expected.items():
        for key, strength in strengths.items():
            indicator = adult.indicator(key)
            assert (indicator.dimension, indicator.strength) == (number, strength), key


@pytest.mark.parametrize("exploitation", ["labour", "sexual"])
def test_child_lists_have_fewer_weak_and_no_weaker_indicators(exploitation):
    adult = builtin_instrument_for(population="adult", exploitation=exploitation)
    child = builtin_instrument_for(population="child", exploitation=exploitation)
    weak = {i.key for i in adult.indicators if i.strength == "weak"}
    assert sum(1 for i in child.indicators if i.strength == "weak") < len(weak)
    shared = adult.indicator_keys & child.indicator_keys
    stronger = [k for k in shared if RANK[child.indicator(k).strength] > RANK[adult.indicator(k).strength]]
    weaker = [k for k in shared if RANK[child.indicator(k).strength] < RANK[adult.indicator(k).strength]]
    assert weaker == []
    assert {"hazardous_work", "abduction_forced_marriage_or_sale", "no_access_to_education"} <= set(stronger)


@pytest.mark.parametrize("key", KEYS)
def test_sexual_lists_add_sexual_exploitation_indicators(key):
    instrument = load_instrument(key)
    added = {"forced_into_prostitution", "no_choice_of_clients_or_acts", "moved_between_venues"}
    if instrument.exploitation == "sexual":
        assert added <= instrument.indicator_keys
        assert instrument.indicator("forced_into_prostitution").dimension == 5
        assert {instrument.indicator(k).origin for k in added} == {"enlace"}
        assert "deceived_about_working_conditions" not in instrument.indicator_keys
    else:
        assert not added & instrument.indicator_keys


def test_loading_is_cached_and_immutable():
    first = load_instrument("ilo-ec-2009-adult-labour")
    assert load_instrument("ilo-ec-2009-adult-labour") is first
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.version = "changed"  # type: ignore[misc]
    assert hash(first) == hash(load_instrument("ilo-ec-2009-adult-labour"))


def test_unknown_instrument_key():
    with pytest.raises(UnknownInstrumentError, match="no-such-list"):
        load_instrument("no-such-list")
    with pytest.raises(UnknownInstrumentError):
        builtin_instrument_for(population="adult", exploitation="organ_removal")


def test_localized_text_falls_back():
    text = LocalizedText.from_mapping({"en": "Debt bondage", "es": "Servidumbre por deudas"})
    assert text.get("es-BO") == "Servidumbre por deudas"
    assert text.get("ES") == "Servidumbre por deudas"
    assert text.get("qu") == "Debt bondage"


def test_round_trip_through_dict(instrument):
    assert instrument_from_dict(instrument.to_dict()) == instrument


def test_messages_cover_every_rule_outcome_and_element():
    messages = load_messages()
    for group, names in (("rule", [r[0] for r in DIMENSION_RULES]),
                         ("outcome", [PRESUMED_VICTIM, POSSIBLE_VICTIM, NO_INDICATORS]),
                         ("element", ["recruitment", "exploitation", "coercion_or_vulnerability_at_destination"]),
                         ("strength", list(STRENGTHS)), ("population", ["adult", "child"])):
        for name in names:
            assert set(messages[group][name]) >= set(LANGUAGES), (group, name)


# --- validation of data an administrator might add ---------------------------------------------------


@pytest.fixture
def variant():
    data = load_instrument("ilo-ec-2009-adult-labour").to_dict()
    data.update(key="bo-2024-adult-labour", version="2024.1", based_on="ilo-ec-2009-adult-labour", country="BO")
    return data


def _problems(data):
    with pytest.raises(InstrumentError) as caught:
        instrument_from_dict(data)
    return "\n".join(caught.value.problems)


def test_a_valid_national_variant_loads(variant):
    variant["dimensions"][3]["indicators"][1]["strength"] = "strong"
    variant["dimensions"][3]["indicators"].append({
        "key": "paid_in_goods", "strength": "medium", "origin": "national",
        "label": {"en": "Paid in kind", "es": "Pago en especie"},
        "question": {"en": "Are you paid in goods?", "es": "¿Le pagan con productos?"},
    })
    instrument = instrument_from_dict(variant)
    assert instrument.key == "bo-2024-adult-labour" and instrument.country == "BO"
    assert instrument.indicator("bad_living_conditions").strength == "strong"
    assert instrument.indicator("paid_in_goods").origin == "national"
    assert instrument.indicator("paid_in_goods").question.get("pt") == "Are you paid in goods?"


def test_duplicate_indicator_key_is_refused(variant):
    variant["dimensions"][5]["indicators"][0]["key"] = "debt_bondage"
    assert "'debt_bondage' is already used at dimensions[4]" in _problems(variant)


def test_wrong_number_of_dimensions_is_refused(variant):
    del variant["dimensions"][5]
    assert "exactly the six dimensions" in _problems(variant)


def test_dimension_number_must_match_its_key(variant):
    variant["dimensions"][0]["key"] = "coercive_recruitment"
    assert "dimension 1 must have key 'deceptive_recruitment'" in _problems(variant)


def test_invalid_strength_is_refused(variant):
    variant["dimensions"][0]["indicators"][0]["strength"] = "very strong"
    assert "'very strong' is not one of strong, medium, weak" in _problems(variant)


def test_missing_spanish_text_is_refused(variant):
    del variant["dimensions"][2]["indicators"][0]["question"]["es"]
    assert "question: missing the 'es' text" in _problems(variant)


def test_unknown_field_and_bad_values_are_all_reported(variant):
    bad = copy.deepcopy(variant)
    bad["dimensions"][1]["indicators"][0]["strenght"] = "strong"
    bad["population"] = "elderly"
    bad["source"]["url"] = "http://insecure.example"
    bad["dimensions"][0]["indicators"][0]["key"] = "Deceived-Job"
    problems = _problems(bad)
    assert "unknown field 'strenght'" in problems
    assert "'elderly' is not one of adult, child" in problems
    assert "must be an https:// address" in problems
    assert "'Deceived-Job' is not a snake_case key" in problems


def test_error_names_the_instrument_and_lists_problems(variant):
    variant["dimensions"][0]["indicators"][0]["strength"] = "huge"
    with pytest.raises(InstrumentError, match="bo-2024-adult-labour") as caught:
        instrument_from_dict(variant)
    assert len(caught.value.problems) == 1


@pytest.mark.parametrize("data", [None, [], "text", {}])
def test_non_objects_and_empty_objects_are_refused(data):
    with pytest.raises(InstrumentError):
        instrument_from_dict(data)
