"""Scores per area, SWOT suggestions and round comparison, on hand-built answers."""

from decimal import Decimal

from enlace.capacity import scoring
from enlace.capacity.questionnaire import Question

QS = [
    Question("a1", "investigation", False, {}), Question("a2", "investigation", False, {}),
    Question("b1", "resources", False, {}), Question("c1", "coordination", False, {}),
    Question("x1", "resources", True, {}), Question("x2", "investigation", True, {}),
]


def test_area_mean_count_and_spread_leave_out_external_and_dont_know():
    answers = [("a1", 4), ("a2", 2), ("a1", 5), ("a2", 5), ("b1", 1), ("b1", None), ("x1", 5)]
    scores = scoring.area_scores(answers, QS)
    assert scores["investigation"] == scoring.Score(Decimal("4.00"), 4, Decimal("1.22"))  # pstdev(4,2,5,5)
    assert scores["resources"] == scoring.Score(Decimal("1.00"), 1, Decimal("0.00"))  # None and x1 left out
    assert scores["coordination"] == scoring.Score(None, 0, None)


def test_swot_from_thresholds():
    answers = [("a1", 4), ("a2", 4), ("b1", 2), ("c1", 3), ("x1", 1), ("x1", 2), ("x2", 5)]
    areas, externals = scoring.area_scores(answers, QS), scoring.external_scores(answers, QS)
    got = scoring.swot_suggestions(areas, externals, QS, strength_at=Decimal("3.5"), weakness_at=Decimal("2.5"))
    assert {(s.quadrant, s.area, s.question, s.score) for s in got} == {
        ("S", "investigation", "", Decimal("4.00")),
        ("W", "resources", "", Decimal("2.00")),
        ("T", "resources", "x1", Decimal("1.50")),
        ("O", "investigation", "x2", Decimal("5.00")),
    }  # coordination (3.00) sits between the thresholds: in neither quadrant


def test_thresholds_are_inclusive():
    areas = {"investigation": scoring.Score(Decimal("3.50"), 2, Decimal("0")),
             "resources": scoring.Score(Decimal("2.50"), 2, Decimal("0"))}
    got = scoring.swot_suggestions(areas, {}, QS, strength_at=Decimal("3.5"), weakness_at=Decimal("2.5"))
    assert [(s.quadrant, s.area) for s in got] == [("S", "investigation"), ("W", "resources")]


def test_compare_units_in_both_rounds_only():
    s = scoring.Score
    before = {1: {"investigation": s(Decimal("2.00"), 3, Decimal(0)), "resources": s(Decimal("3.00"), 3, Decimal(0))},
              2: {"investigation": s(Decimal("1.00"), 1, Decimal(0))}}
    after = {1: {"investigation": s(Decimal("3.50"), 4, Decimal(0)), "resources": s(None, 0, None)},
             3: {"investigation": s(Decimal("4.00"), 1, Decimal(0))}}
    changes = scoring.compare(before, after)
    assert [(c.unit_id, c.area, c.delta) for c in changes] == [(1, "investigation", Decimal("1.50")),
                                                               (1, "resources", None)]
