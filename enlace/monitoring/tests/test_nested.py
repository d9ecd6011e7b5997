"""A department minus its teams reveals nothing: the table of a department's teams has that
department's row as its total, hidden where the table by department hides it. Checked by linear
algebra on the published figures of all the tables together: no hidden cell, at any level, is a
combination of published ones."""

from __future__ import annotations

import random

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from enlace.monitoring.suppression import Table, hidden_row, suppress

THRESHOLD = 5
Q = 4  # quarters; column Q is the year


def _world(seed: int) -> dict[str, dict[str, list[int]]]:
    rng = random.Random(seed)
    depts = {}
    for d in range(rng.randint(2, 4)):
        teams = {}
        for t in range(rng.randint(1, 4)):
            teams[f"t{d}{t}"] = [rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 30]) for _ in range(Q)]
        depts[f"d{d}"] = teams
    return depts


def _tables(depts):
    names = list(depts)
    parent = suppress(Table(rows=names, columns=[str(q) for q in range(Q)],
                            cells=[[sum(team[q] for team in depts[d].values()) for q in range(Q)] for d in names]),
                      THRESHOLD)
    children = {}
    for r, d in enumerate(names):
        teams = list(depts[d])
        child = Table(rows=teams, columns=[str(q) for q in range(Q)], cells=[depts[d][t] for t in teams])
        children[d] = suppress(child, THRESHOLD, total_row=hidden_row(parent, r))
    return names, parent, children


def _equations(depts, names, parent, children):
    """Every cell of every table as a vector over the finest counts (department, team, quarter)."""
    index = {(d, t, q): i for i, (d, t, q) in enumerate((d, t, q) for d in depts for t in depts[d] for q in range(Q))}

    def vec(cells):
        v = np.zeros(len(index))
        for key in cells:
            v[index[key]] = 1
        return v

    def cols(c):
        return range(Q) if c == Q else [c]

    published, hidden = [], []
    for r in range(len(names) + 1):
        for c in range(Q + 1):
            ds = names if r == len(names) else [names[r]]
            v = vec((d, t, q) for d in ds for t in depts[d] for q in cols(c))
            (hidden if (r, c) in parent.suppressed else published).append(v)
    for d, child in children.items():
        teams = list(depts[d])
        for r in range(len(teams) + 1):
            for c in range(Q + 1):
                ts = teams if r == len(teams) else [teams[r]]
                v = vec((d, t, q) for t in ts for q in cols(c))
                (hidden if (r, c) in child.suppressed else published).append(v)
    return np.array(published), hidden


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_cell_of_a_department_or_its_teams_is_recoverable_from_both_tables(seed):
    depts = _world(seed)
    names, parent, children = _tables(depts)
    published, hidden = _equations(depts, names, parent, children)
    rank = np.linalg.matrix_rank(published)
    for v in hidden:
        assert np.linalg.matrix_rank(np.vstack([published, v])) > rank


def test_the_check_sees_a_leak_when_the_teams_ignore_the_department_table():
    """The same check catches the attack when the teams' table is suppressed on its own."""
    leaks = 0
    for seed in range(40):
        depts = _world(seed)
        names, parent, _children = _tables(depts)
        own = {d: suppress(Table(rows=list(depts[d]), columns=[str(q) for q in range(Q)],
                                 cells=[depts[d][t] for t in depts[d]]), THRESHOLD) for d in names}
        published, hidden = _equations(depts, names, parent, own)
        rank = np.linalg.matrix_rank(published)
        leaks += any(np.linalg.matrix_rank(np.vstack([published, v])) == rank for v in hidden)
    assert leaks > 0


@pytest.mark.django_db
def test_the_department_filter_shows_its_teams_and_they_download(world):
    from .factories import add_stats_world

    sw = add_stats_world(world)
    c = Client(headers={"accept-language": "en"})
    c.force_login(sw["monitoring"])
    page = c.get(reverse("monitoring:dashboard"), {"department": "BO-L"}).content.decode()
    assert "Team (La Paz)" in page
    r = c.get(reverse("monitoring:table_csv", args=["victims", "team"]), {"department": "BO-L"})
    assert r.status_code == 200 and "Team (La Paz)" in r.content.decode()
    assert c.get(reverse("monitoring:table_csv", args=["victims", "team"])).status_code == 404
