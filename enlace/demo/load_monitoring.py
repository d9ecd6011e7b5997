"""Demo statistics: the population table that SDG 16.2.2 divides by (illustrative figures, marked so)."""

from __future__ import annotations

from collections.abc import Callable

from enlace.monitoring.services import population_load


def populate(*, write: Callable[[str], object] = print) -> None:
    write(f"Population table for SDG 16.2.2 loaded ({population_load(actor=None)} figures, illustrative).")
