"""Small-cell suppression on hand-built tables: no hidden cell can be worked out from what is shown."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from enlace.monitoring.suppression import PRIMARY, SECONDARY, Table, find_bridge, suppress


def determined_cells(table: Table) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the published cells and totals by linear algebra:
    a cell is determined when its unit vector lies in the row space of the constraints restricted
    to the hidden cells (every row and column of the table with its total is one equation)."""
    hidden = sorted(table.suppressed)
    index = {p: i for i, p in enumerate(hidden)}
    equations = []
    n_rows, n_cols = table.total_row, table.total_col
    for r in range(n_rows + 1):  # row r: cells sum to the row total
        line = [(r, c) for c in range(n_cols)]
        equations.append({**{p: 1 for p in line}, (r, n_cols): -1})
    for c in range(n_cols + 1):
        line = [(r, c) for r in range(n_rows)]
        equations.append({**{p: 1 for p in line}, (n_rows, c): -1})
    matrix = np.array([[eq.get(p, 0) for p in hidden] for eq in equations], dtype=float)
    rank = np.linalg.matrix_rank(matrix) if hidden else 0
    found = []
    for p, i in index.items():
        unit = np.zeros(len(hidden))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(p)
    return found


def feasible_values(table: Table, threshold: int, cell: tuple[int, int]) -> set[int]:
    """Brute force: every value the hidden cell can take given what is published ("<5" cells 1..4,
    "x" cells any count up to the grand total), by enumerating all hidden cells of a tiny table."""
    hidden = sorted(table.suppressed)
    grand = table.value(table.total_row, table.total_col)
    ranges = [range(1, threshold) if table.suppressed[p] == PRIMARY else range(0, grand + 1) for p in hidden]
    values = set()
    for combo in itertools.product(*ranges):
        guess = {p: v for p, v in zip(hidden, combo, strict=True)}

        def at(r, c, guess=guess):
            return guess.get((r, c), table.value(r, c))
        rows_ok = all(sum(at(r, c) for c in range(table.total_col)) == at(r, table.total_col)
                      for r in range(table.total_row + 1))
        cols_ok = all(sum(at(r, c) for r in range(table.total_row)) == at(table.total_row, c)
                      for c in range(table.total_col + 1))
        if rows_ok and cols_ok:
            values.add(guess[cell])
    return values


def test_a_small_cell_is_shown_as_below_the_threshold_and_its_row_gets_a_complement():
    t = suppress(Table(rows=["a", "b", "c"], columns=["Q1", "Q2", "Q3", "Q4"],
                       cells=[[3, 10, 12, 9], [20, 15, 11, 30], [8, 14, 22, 17]]), 5)
    assert t.shown(0, 0, 5) == "<5"
    assert t.suppressed[(0, 0)] == PRIMARY
    assert sum(1 for (r, _c) in t.suppressed if r == 0) >= 2
    assert sum(1 for (_r, c) in t.suppressed if c == 0) >= 2
    assert "x" in {t.shown(r, c, 5) for r, c in t.suppressed if t.suppressed[(r, c)] == SECONDARY}
    assert determined_cells(t) == []


def test_without_secondary_suppression_the_cell_would_be_recovered_by_subtraction():
    """The check itself can fail: one hidden cell in a row is its row total minus the others."""
    t = Table(rows=["a", "b"], columns=["Q1", "Q2"], cells=[[3, 10], [20, 15]])
    t.suppressed = {(0, 0): PRIMARY}
    assert determined_cells(t) == [(0, 0)]
    assert find_bridge(t.suppressed.keys()) == (0, 0)


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_leave_no_hidden_cell_computable(seed):
    rng = np.random.default_rng(seed)
    rows, cols = int(rng.integers(1, 7)), 4
    cells = [[int(v) for v in rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 40], size=cols)] for _ in range(rows)]
    t = suppress(Table(rows=[str(i) for i in range(rows)], columns=["Q1", "Q2", "Q3", "Q4"], cells=cells), 5)
    for (r, c), kind in t.suppressed.items():
        assert kind == SECONDARY or 0 < t.value(r, c) < 5
    for r, c in t.positions():
        if 0 < t.value(r, c) < 5:
            assert (r, c) in t.suppressed
    assert determined_cells(t) == []
    assert find_bridge(t.suppressed.keys()) is None


def test_brute_force_on_a_tiny_table_each_small_cell_keeps_several_possible_values():
    t = suppress(Table(rows=["a", "b"], columns=["Q1", "Q2"], cells=[[2, 6], [7, 5]]), 5)
    for cell, kind in t.suppressed.items():
        if kind == PRIMARY:
            assert len(feasible_values(t, 5, cell)) > 1, cell


def test_tables_sharing_their_column_totals_hide_the_same_totals():
    """Victims by sex and victims by age have the same quarter totals: the totals one hides the other
    must hide too, else one table minus the other reveals a cell."""
    by_sex = Table(rows=["F", "M"], columns=["Q1", "Q2", "Q3", "Q4"], cells=[[2, 10, 9, 7], [1, 12, 6, 30]])
    by_age = Table(rows=["child", "adult", "unknown"], columns=["Q1", "Q2", "Q3", "Q4"],
                   cells=[[1, 2, 14, 6], [2, 19, 1, 30], [0, 1, 0, 1]])
    suppress(by_sex, 5)
    suppress(by_age, 5)
    totals = {c for (r, c) in by_sex.suppressed if r == by_sex.total_row}
    assert totals and totals == {c for (r, c) in by_age.suppressed if r == by_age.total_row}
    assert determined_cells(by_sex) == [] and determined_cells(by_age) == []


def test_a_quarter_minus_another_cannot_reveal_a_cell_because_the_year_is_the_row_total():
    """January-March minus January-February is not served: the periods are the table's fixed columns,
    and the year is their total inside the same table."""
    t = suppress(Table(rows=["BO-L", "BO-C"], columns=["Q1", "Q2", "Q3", "Q4"], cells=[[12, 3, 8, 20], [9, 11, 14, 6]]), 5)
    assert t.shown(0, 1, 5) == "<5"
    assert determined_cells(t) == []


def test_the_threshold_is_configurable():
    t = suppress(Table(rows=["a", "b"], columns=["Q1", "Q2"], cells=[[7, 20], [30, 25]]), 10)
    assert t.shown(0, 0, 10) == "<10"
    with pytest.raises(ValueError):
        suppress(t, 0)
