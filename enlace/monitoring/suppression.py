"""Small-cell suppression of a two-way table with its totals, and secondary suppression.

A publication table has rows (the categories of one dimension), columns (the quarters of a year)
and its totals: a total per row (the year), a total per column (all categories) and the grand
total. Every total is published, so every row and every column is an equation the reader can
solve: "row total minus the visible cells".

Primary suppression hides each cell (totals included) holding 1 to ``threshold - 1``. Secondary
suppression then hides further cells until no hidden cell can be computed exactly from the
published ones by any combination of additions and subtractions of rows and columns. The hidden
cells form a graph (a cell joins its row to its column); a hidden cell is computable exactly if
and only if it is a bridge of that graph (it lies on no cycle), so complements are added until
every hidden cell lies on a cycle. Complements are the smallest non-zero cells that close a cycle.

The column totals (the population of each quarter, all categories together) are shared by every
table of the same population and year. They are suppressed from their own values only, before
anything else and never as a complement, so every table that shares them hides the same ones:
one table cannot reveal what another hides.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import product

PRIMARY = "primary"
SECONDARY = "secondary"
Node = tuple[str, int]
_UNUSABLE = 10**12  # cost of a zero cell as a complement: only when nothing else closes a cycle


@dataclass
class Table:
    """Counts: ``cells[r][c]``; totals are computed. Row index ``len(rows)`` is the total row,
    column index ``len(columns)`` the total column."""

    rows: list[str]
    columns: list[str]
    cells: list[list[int]]
    suppressed: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def total_row(self) -> int:
        return len(self.rows)

    @property
    def total_col(self) -> int:
        return len(self.columns)

    def value(self, r: int, c: int) -> int:
        if r == self.total_row and c == self.total_col:
            return sum(map(sum, self.cells))
        if r == self.total_row:
            return sum(row[c] for row in self.cells)
        if c == self.total_col:
            return sum(self.cells[r])
        return self.cells[r][c]

    def positions(self) -> list[tuple[int, int]]:
        return list(product(range(self.total_row + 1), range(self.total_col + 1)))

    def shown(self, r: int, c: int, threshold: int) -> str:
        """The published text of a cell: the count, "<threshold" (a small cell) or "x" (hidden to
        protect a small cell elsewhere in its row or column)."""
        kind = self.suppressed.get((r, c))
        if kind == PRIMARY:
            return f"<{threshold}"
        if kind == SECONDARY:
            return "x"
        return str(self.value(r, c))


def is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def suppress(table: Table, threshold: int, *, total_row: dict[int, str] | None = None) -> Table:
    """Mark the table's suppressed cells (in place, and return it).

    ``total_row`` (column -> PRIMARY or SECONDARY) fixes which cells of the total row are hidden:
    a table nested in a row of another (a department's teams, whose total row is the department's
    row of the table by department) takes that row exactly as the other table published it, so
    the two tables hide the same cells of what they share and neither undoes the other."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    table.suppressed.clear()
    if total_row is None:
        _suppress_total_row(table, threshold)
    else:
        table.suppressed.update({(table.total_row, c): kind for c, kind in total_row.items()})
    for r, c in table.positions():
        if r != table.total_row and is_small(table.value(r, c), threshold):
            table.suppressed[(r, c)] = PRIMARY
    while (bridge := find_bridge(table.suppressed.keys())) is not None:
        _close_cycle(table, bridge)
    return table


def hidden_row(parent: Table, row: int) -> dict[int, str]:
    """Which cells of ``row`` the parent table hides: the fixed total row of the table nested in it."""
    return {c: kind for (r, c), kind in parent.suppressed.items() if r == row}


def _suppress_total_row(table: Table, threshold: int) -> None:
    """The shared column totals, from their own values only (identical in every table sharing them)."""
    line = [(table.total_row, c) for c in range(table.total_col + 1)]
    hidden = [p for p in line if is_small(table.value(*p), threshold)]
    for p in hidden:
        table.suppressed[p] = PRIMARY
    if len(hidden) == 1:
        others = sorted((p for p in line if p not in hidden), key=lambda p: _cost(table, p))
        if others:
            table.suppressed[others[0]] = SECONDARY


def _cost(table: Table, pos: tuple[int, int]) -> int:
    value = table.value(*pos)
    return value if value > 0 else _UNUSABLE


def _close_cycle(table: Table, bridge: tuple[int, int]) -> None:
    """Hide the cheapest cells that put ``bridge`` on a rectangle of hidden cells."""
    r, c = bridge
    best: tuple[int, list[tuple[int, int]]] | None = None
    for r2 in range(table.total_row + 1):
        for c2 in range(table.total_col + 1):
            if r2 == r or c2 == c:
                continue
            corners = [(r, c2), (r2, c), (r2, c2)]
            new = [p for p in corners if p not in table.suppressed]
            if any(p[0] == table.total_row for p in new):
                continue  # the shared totals are never complements
            cost = sum(_cost(table, p) for p in new)
            if best is None or cost < best[0]:
                best = (cost, new)
    if best is None:
        raise ValueError("the table is too small to protect its cells")
    for p in best[1]:
        table.suppressed[p] = SECONDARY


def find_bridge(cells: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
    """A hidden cell that lies on no cycle of hidden cells (rows and columns as the graph's nodes),
    hence computable exactly from the totals; ``None`` when there is none."""
    edges = sorted(cells)
    adjacency: dict[Node, list[tuple[Node, int]]] = {}
    for i, (r, c) in enumerate(edges):
        adjacency.setdefault(("r", r), []).append((("c", c), i))
        adjacency.setdefault(("c", c), []).append((("r", r), i))
    order: dict[Node, int] = {}
    low: dict[Node, int] = {}
    for root in adjacency:
        if root in order:
            continue
        found = _bridge_from(root, adjacency, order, low)
        if found is not None:
            return edges[found]
    return None


def _bridge_from(root: Node, adjacency: dict[Node, list[tuple[Node, int]]], order: dict[Node, int],
                 low: dict[Node, int]) -> int | None:
    """Iterative Tarjan bridge search from ``root``; the index of a bridge edge or ``None``."""
    order[root] = low[root] = len(order)
    stack: list[tuple[Node, int, Iterator[tuple[Node, int]]]] = [(root, -1, iter(adjacency[root]))]
    while stack:
        node, via, neighbours = stack[-1]
        advanced = False
        for nxt, edge in neighbours:
            if edge == via:
                continue
            if nxt in order:
                low[node] = min(low[node], order[nxt])
            else:
                order[nxt] = low[nxt] = len(order)
                stack.append((nxt, edge, iter(adjacency[nxt])))
                advanced = True
                break
        if advanced:
            continue
        stack.pop()
        if stack:
            parent = stack[-1][0]
            low[parent] = min(low[parent], low[node])
            if low[node] > order[parent]:
                return via
    return None
