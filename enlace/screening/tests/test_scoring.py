"""Hand-built screenings on both sides of every boundary of the ILO/EC rule, for all four lists."""

import itertools
import json

import pytest

from enlace.screening.instrument import instrument_from_dict, load_instrument
from enlace.screening.scoring import (
    NO_INDICATORS,
    POSSIBLE_VICTIM,
    PRESUMED_VICTIM,
    PopulationMismatchError,
    UnknownIndicatorError,
    dimension_rules_met,
    explain,
    instruments_for,
    population_for_age,
    score,
    score_screening,
)

DESTINATION = "coercion_or_vulnerability_at_destination"
STRENGTH_CODE = {"S": "strong", "M": "medium", "W": "weak"}

# Per list, hand-picked keys: dimension 5 strong/medium/weak, dimension 3 medium/weak, and one positive
# combination for recruitment (R), exploitation (E) and, for adults, the destination dimensions 5 and 6.
LISTS = {
    "ilo-ec-2009-adult-labour": {
        "S": ("confiscation_of_documents", "debt_bondage"), "M5": "withholding_of_wages",
        "W5": "threat_to_inform_family",
        "M3": ("abuse_of_irregular_status", "economic_need", "abuse_of_lack_of_information"),
        "R": ("deceived_about_nature_of_job", "deceived_about_wages"),
        "E": ("excessive_working_hours", "low_or_no_pay"),
    },
    "ilo-ec-2009-adult-sexual": {
        "S": ("forced_into_prostitution", "isolation_confinement_or_surveillance"),
        "M5": "under_strong_influence", "W5": "threat_to_inform_family",
        "M3": ("psychological_or_emotional_dependency", "control_by_exploiters",
               "abuse_of_difficult_family_situation"),
        "R": ("recruitment_violence", "recruitment_threat_to_inform_family"),
        "E": ("no_choice_of_clients_or_acts", "moved_between_venues", "low_or_no_pay"),
    },
    "ilo-ec-2009-child-labour": {
        "S": ("threats_of_violence", "violence_on_victim"), "M5": "forced_tasks_or_clients",
        "W5": "threat_to_inform_family",
        "M3": ("abuse_of_difficult_family_situation", "abuse_of_lack_of_education", "personal_situation"),
        "R": ("abduction_forced_marriage_or_sale", "recruitment_debt_bondage"),
        "E": ("hazardous_work", "no_access_to_education"),
    },
    "ilo-ec-2009-child-sexual": {
        "S": ("debt_bondage", "forced_into_prostitution"), "M5": "forced_to_lie", "W5": "threat_to_inform_family",
        "M3": ("psychological_or_emotional_dependency", "false_information_about_law_and_authorities",
               "relationship_with_authorities"),
        "R": ("deceived_about_nature_of_job", "deceived_about_travel_and_recruitment"),
        "E": ("hazardous_work", "excessive_working_hours"),
    },
}
W3 = ("general_context", "false_information_about_successful_migration")
DEST5_ADULT = ("confiscation_of_documents", "debt_bondage")
DEST6_ADULT = ("dependency_on_exploiters", "difficulty_in_unknown_area", "economic_need_at_destination")

# (case, dimension, strengths as codes, how to pick the keys, positive?, rule)
BOUNDARIES = [
    ("one_strong_alone", 5, "S", lambda c: c["S"][:1], False, None),
    ("two_strong", 5, "SS", lambda c: c["S"], True, "two_strong"),
    ("one_strong_one_medium", 5, "SM", lambda c: (c["S"][0], c["M5"]), True, "strong_and_medium"),
    ("one_strong_one_weak", 5, "SW", lambda c: (c["S"][0], c["W5"]), True, "strong_and_weak"),
    ("one_medium_one_weak_no_strong", 5, "MW", lambda c: (c["M5"], c["W5"]), False, None),
    ("one_medium", 3, "M", lambda c: c["M3"][:1], False, None),
    ("two_medium", 3, "MM", lambda c: c["M3"][:2], False, None),
    ("three_medium", 3, "MMM", lambda c: c["M3"], True, "three_medium"),
    ("two_medium_one_weak", 3, "MMW", lambda c: (*c["M3"][:2], W3[0]), True, "two_medium_one_weak"),
    ("one_medium_two_weak", 3, "MWW", lambda c: (c["M3"][0], *W3), False, None),
    ("two_weak", 3, "WW", lambda c: W3, False, None),
]


def _check_strengths(instrument, keys, dimension, codes):
    """Guard: if someone edits the data, the case must be re-chosen rather than silently test less."""
    found = sorted((instrument.indicator(k).dimension, instrument.indicator(k).strength) for k in keys)
    assert found == sorted((dimension, STRENGTH_CODE[c]) for c in codes), (instrument.key, keys)


@pytest.mark.parametrize("key", LISTS)
@pytest.mark.parametrize(("case", "dimension", "codes", "pick", "positive", "rule"), BOUNDARIES,
                         ids=[b[0] for b in BOUNDARIES])
def test_dimension_rule_boundaries(key, case, dimension, codes, pick, positive, rule):
    instrument = load_instrument(key)
    keys = pick(LISTS[key])
    _check_strengths(instrument, keys, dimension, codes)
    result = score(instrument, keys, age_at_exploitation=None)
    target = result.dimension(dimension)
    assert (target.positive, target.rule) == (positive, rule)
    assert sorted(h.key for h in target.indicators) == sorted(keys)
    assert {h.strength for h in target.indicators} == {STRENGTH_CODE[c] for c in codes}
    assert all(not d.indicators for d in result.dimensions if d.number != dimension)
    assert result.outcome == POSSIBLE_VICTIM  # one dimension is never enough


def _scenario(key, *parts):
    case = LISTS[key]
    extra = {"R": case["R"], "E": case["E"], "D5": DEST5_ADULT, "D6": DEST6_ADULT}
    return [k for part in parts for k in (extra[part] if part in extra else (part,))]


ADULTS = [k for k in LISTS if "adult" in k]
CHILDREN = [k for k in LISTS if "child" in k]


@pytest.mark.parametrize("key", ADULTS)
def test_adult_needs_recruitment_exploitation_and_destination(key):
    instrument = load_instrument(key)

    def run(*parts):
        return score(instrument, _scenario(key, *parts), age_at_exploitation=30)

    without_destination = run("R", "E")
    assert without_destination.outcome == POSSIBLE_VICTIM
    assert without_destination.missing_elements == (DESTINATION,)
    assert run("R", "E", "D5").outcome == PRESUMED_VICTIM
    assert run("R", "E", "D6").outcome == PRESUMED_VICTIM
    assert run("R", "E", "D6").positive_dimensions[-1] == 6
    one_strong_at_destination = run("R", "E", "confiscation_of_documents")
    assert one_strong_at_destination.outcome == POSSIBLE_VICTIM
    assert one_strong_at_destination.missing_elements == (DESTINATION,)
    assert run("E", "D5").missing_elements == ("recruitment",)
    assert run("R", "D5").missing_elements == ("exploitation",)
    assert run("R").missing_elements == ("exploitation", DESTINATION)
    assert run("R", "E", "D5").missing_elements == ()


@pytest.mark.parametrize("key", CHILDREN)
def test_child_needs_recruitment_and_exploitation_only(key):
    instrument = load_instrument(key)

    def run(*parts):
        return score(instrument, _scenario(key, *parts), age_at_exploitation=15)

    presumed = run("R", "E")
    assert presumed.outcome == PRESUMED_VICTIM
    assert presumed.missing_elements == ()
    assert {1, 2, 3} & set(presumed.positive_dimensions) and 4 in presumed.positive_dimensions
    assert run("E").missing_elements == ("recruitment",)
    assert run("R", LISTS[key]["E"][0]).missing_elements == ("exploitation",)
    assert run("R", LISTS[key]["E"][0]).dimension(4).positive is False
    assert run(*LISTS[key]["S"]).missing_elements == ("recruitment", "exploitation")


@pytest.mark.parametrize("exploitation", ["labour", "sexual"])
def test_age_decides_the_list_at_eighteen(exploitation):
    answers = _scenario(f"ilo-ec-2009-adult-{exploitation}", "R", "E")
    at_17 = score_screening(exploitation=exploitation, answered_yes=answers, age_at_exploitation=17)
    at_18 = score_screening(exploitation=exploitation, answered_yes=answers, age_at_exploitation=18)
    assert [r.population for r in at_17.results] == ["child"]
    assert [r.population for r in at_18.results] == ["adult"]
    assert (at_17.outcome, at_18.outcome) == (PRESUMED_VICTIM, POSSIBLE_VICTIM)
    assert at_17.age_known and at_18.age_known


@pytest.mark.parametrize("exploitation", ["labour", "sexual"])
def test_unknown_age_scores_both_ways_and_keeps_the_more_protective(exploitation):
    answers = _scenario(f"ilo-ec-2009-adult-{exploitation}", "R", "E")
    assessment = score_screening(exploitation=exploitation, answered_yes=answers, age_at_exploitation=None)
    assert assessment.age_known is False
    assert [r.population for r in assessment.results] == ["adult", "child"]
    assert all(r.age_known is False and r.age_at_exploitation is None for r in assessment.results)
    assert assessment.result_for("adult").outcome == POSSIBLE_VICTIM
    assert assessment.result_for("child").outcome == PRESUMED_VICTIM
    assert (assessment.outcome, assessment.outcome_from) == (PRESUMED_VICTIM, ("child",))

    both = score_screening(exploitation=exploitation, answered_yes=[*answers, *DEST5_ADULT],
                           age_at_exploitation=None)
    assert (both.outcome, both.outcome_from) == (PRESUMED_VICTIM, ("adult", "child"))


def test_unknown_age_reports_keys_only_one_list_has():
    assessment = score_screening(exploitation="sexual", answered_yes=["deceived_about_contract"],
                                 age_at_exploitation=None)
    assert assessment.result_for("adult").not_in_instrument == ()
    assert assessment.result_for("child").not_in_instrument == ("deceived_about_contract",)
    assert assessment.result_for("child").outcome == NO_INDICATORS
    assert assessment.outcome == POSSIBLE_VICTIM
    with pytest.raises(UnknownIndicatorError):
        score_screening(exploitation="sexual", answered_yes=["deceived_about_contract"], age_at_exploitation=12)


@pytest.mark.parametrize("key", LISTS)
def test_unknown_keys_raise_and_are_all_listed(key):
    instrument = load_instrument(key)
    with pytest.raises(UnknownIndicatorError) as caught:
        score(instrument, ["debt_bondage", "zz_typo", "deceived_job"], age_at_exploitation=None)
    assert caught.value.keys == ("deceived_job", "zz_typo")
    assert caught.value.instrument_key == key
    assert "deceived_job, zz_typo" in str(caught.value)
    with pytest.raises(UnknownIndicatorError, match="zz_typo"):
        score_screening(exploitation=instrument.exploitation, answered_yes=["zz_typo"], age_at_exploitation=None)


@pytest.mark.parametrize("key", LISTS)
def test_no_answers_means_no_indicators_not_a_verdict(key):
    result = score(load_instrument(key), [], age_at_exploitation=None)
    assert (result.outcome, result.missing_elements, result.positive_dimensions) == (NO_INDICATORS, (), ())
    assert result.age_known is False


@pytest.mark.parametrize("key", LISTS)
def test_every_indicator_answered_gives_presumed_victim(key):
    instrument = load_instrument(key)
    result = score(instrument, instrument.indicator_keys, age_at_exploitation=None)
    assert result.outcome == PRESUMED_VICTIM
    assert result.positive_dimensions == (1, 2, 3, 4, 5, 6)


def test_all_rules_met_are_reported_and_the_first_is_the_rule():
    adult = load_instrument("ilo-ec-2009-adult-labour")
    keys = ["confiscation_of_documents", "debt_bondage", "withholding_of_wages", "threat_to_inform_family"]
    dimension = score(adult, keys, age_at_exploitation=None).dimension(5)
    assert dimension.rule == "two_strong"
    assert dimension.rules_met == ("two_strong", "strong_and_medium", "strong_and_weak")


# The rule itself, exhaustively, on a small synthetic list: (strong, medium, weak) counts that are NOT enough.
NEGATIVE_COUNTS = {(0, 0, 0), (0, 0, 1), (0, 0, 2), (0, 0, 3), (0, 1, 0), (0, 1, 1), (0, 1, 2), (0, 1, 3),
                   (0, 2, 0), (1, 0, 0)}


def _synthetic():
    def indicator(key, strength):
        return {"key": key, "strength": strength, "label": {"en": key, "es": key},
                "question": {"en": f"{key}?", "es": f"¿{key}?"}}

    first = [indicator(f"{s}_{n}", s) for s in ("strong", "medium", "weak") for n in range(4)]
    dims = [{"number": 1, "key": "deceptive_recruitment", "label": {"en": "1", "es": "1"}, "indicators": first}]
    return instrument_from_dict({
        "key": "test-synthetic", "version": "1", "source": {"title": "test"}, "population": "adult",
        "exploitation": "labour",
        "dimensions": dims + [{"number": n, "key": k, "label": {"en": k, "es": k},
                               "indicators": [indicator(f"other_{n}", "medium")]}
                              for n, k in [(2, "coercive_recruitment"), (3, "recruitment_by_abuse_of_vulnerability"),
                                           (4, "exploitative_conditions"), (5, "coercion_at_destination"),
                                           (6, "abuse_of_vulnerability_at_destination")]],
    })


@pytest.mark.parametrize("counts", list(itertools.product(range(4), repeat=3)))
def test_rule_for_every_count_combination(counts):
    strong, medium, weak = counts
    keys = [f"{name}_{n}" for name, count in zip(("strong", "medium", "weak"), counts, strict=True)
            for n in range(count)]
    dimension = score(_synthetic(), keys, age_at_exploitation=None).dimension(1)
    assert dimension.positive is (counts not in NEGATIVE_COUNTS)
    assert dimension_rules_met(strong, medium, weak) == dimension.rules_met


# --- inputs ---------------------------------------------------------------------------------------------


def test_age_is_validated():
    assert [population_for_age(a) for a in (None, 0, 17, 18, 90)] == [None, "child", "child", "adult", "adult"]
    for bad in (-1, 121):
        with pytest.raises(ValueError):
            population_for_age(bad)
    for bad in (True, 17.5, "17"):
        with pytest.raises(TypeError):
            population_for_age(bad)


def test_known_age_must_match_the_list():
    with pytest.raises(PopulationMismatchError):
        score(load_instrument("ilo-ec-2009-adult-labour"), [], age_at_exploitation=16)
    with pytest.raises(PopulationMismatchError):
        score(load_instrument("ilo-ec-2009-child-sexual"), [], age_at_exploitation=18)


def test_answers_must_be_a_collection_of_keys_and_duplicates_count_once():
    adult = load_instrument("ilo-ec-2009-adult-labour")
    with pytest.raises(TypeError):
        score(adult, "debt_bondage", age_at_exploitation=None)
    with pytest.raises(TypeError):
        score(adult, [1, 2], age_at_exploitation=None)
    result = score(adult, iter(["debt_bondage", "debt_bondage"]), age_at_exploitation=None)
    assert result.dimension(5).positive is False and result.answered_yes == ("debt_bondage",)


def test_national_variant_is_scored_and_checked():
    data = load_instrument("ilo-ec-2009-adult-labour").to_dict()
    data["key"] = "bo-2024-adult-labour"
    data["dimensions"][4]["indicators"][4]["strength"] = "strong"  # forced_into_illicit_activities
    variant = instrument_from_dict(data)
    answers = ["forced_into_illicit_activities", "debt_bondage"]
    assessment = score_screening(exploitation="labour", answered_yes=answers, age_at_exploitation=40,
                                 adult_instrument=variant)
    assert assessment.results[0].instrument_key == "bo-2024-adult-labour"
    assert assessment.results[0].dimension(5).rule == "two_strong"
    builtin = score_screening(exploitation="labour", answered_yes=answers, age_at_exploitation=40)
    assert builtin.results[0].dimension(5).rule == "strong_and_medium"
    with pytest.raises(PopulationMismatchError):
        instruments_for(exploitation="labour", age_at_exploitation=None,
                        adult_instrument=load_instrument("ilo-ec-2009-child-labour"))
    with pytest.raises(ValueError):
        instruments_for(exploitation="organ_removal", age_at_exploitation=None)


# --- output ---------------------------------------------------------------------------------------------


def test_result_is_json_serialisable_and_complete():
    answers = _scenario("ilo-ec-2009-adult-labour", "R", "E")
    data = json.loads(json.dumps(score_screening(exploitation="labour", answered_yes=answers,
                                                 age_at_exploitation=None).to_dict()))
    assert data["outcome"] == PRESUMED_VICTIM and data["age_known"] is False
    adult = data["results"][0]
    assert adult["outcome"] == POSSIBLE_VICTIM and adult["missing_elements"] == [DESTINATION]
    first = adult["dimensions"][0]
    assert first["positive"] is True and first["rule"] == "strong_and_medium"
    assert first["indicators"] == [{"key": "deceived_about_nature_of_job", "strength": "strong"},
                                   {"key": "deceived_about_wages", "strength": "medium"}]
    assert first["counts"] == {"strong": 1, "medium": 1, "weak": 0}
    assert adult["positive_dimensions"] == [1, 4]


def test_explain_in_english_and_spanish():
    adult = load_instrument("ilo-ec-2009-adult-labour")
    result = score(adult, _scenario(adult.key, "R", "E"), age_at_exploitation=None)
    english, spanish = explain(result, "en"), explain(result, "es-BO")
    assert english[0].startswith("Possible victim") and spanish[0].startswith("Posible víctima")
    assert any("Age at the time of exploitation is unknown" in line for line in english)
    assert any("one strong and one medium indicator" in line and "Deceived about the nature" in line
               for line in english)
    assert any("un indicador fuerte y uno medio" in line and "Engaño sobre la naturaleza" in line
               for line in spanish)
    assert "dimensión 5 o 6" in spanish[-1]
    presumed = explain(score(adult, _scenario(adult.key, "R", "E", "D5"), age_at_exploitation=30), "es")
    assert presumed[0].startswith("Presunta víctima") and "persona competente" in presumed[0]
    assert not any("edad" in line for line in presumed)
