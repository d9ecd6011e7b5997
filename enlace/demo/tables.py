"""The demo's data tables (``enlace/demo/data/*.json``), loaded once.

Why data files, not code: institutions, names and trafficking patterns are facts about a
country that a deployment replaces or extends (see ``_source`` in each file); the
generator only combines them.
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
MUNICIPALITIES = Path(__file__).resolve().parents[1] / "geo" / "data" / "municipalities_bo.csv"


def _load(name: str) -> dict:
    with (DATA / name).open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def workspace() -> dict:
    return _load("workspace.json")


@lru_cache(maxsize=1)
def names() -> dict:
    return _load("names.json")


@lru_cache(maxsize=1)
def scenarios() -> dict:
    return _load("scenarios.json")


@lru_cache(maxsize=1)
def scenario_map() -> dict[str, dict]:
    return {s["key"]: s for s in scenarios()["scenarios"]}


@lru_cache(maxsize=1)
def story() -> dict:
    return _load("story.json")


@lru_cache(maxsize=1)
def municipality_names() -> dict[str, str]:
    with MUNICIPALITIES.open(encoding="utf-8") as fh:
        return {row["code"]: row["name"] for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def departments() -> dict[str, dict]:
    """Departments with an EME, keyed by ISO 3166-2 code (BO-L, BO-C, BO-S)."""
    return {d["subdivision"]: d for d in workspace()["departments"]}


def department_shares() -> dict[str, float]:
    """Expected share of generated cases per department (scenario weight split evenly)."""
    shares: dict[str, float] = {}
    total = sum(s["weight"] for s in scenarios()["scenarios"])
    for s in scenarios()["scenarios"]:
        for dep in s["departments"]:
            shares[dep] = shares.get(dep, 0.0) + s["weight"] / len(s["departments"]) / total
    return shares


def police_unit_code(dep: dict) -> str:
    return f"police-{dep['slug']}"


def prosecution_unit_code(dep: dict) -> str:
    return f"fiscalia-{dep['slug']}"


def team_code(dep: dict, slot: int = 0) -> str:
    """Slot 0 is the department's EME with the demo users; more slots exist only in big demos."""
    return f"eme-{dep['slug']}" if slot == 0 else f"eme-{dep['slug']}-{slot + 1:02d}"


def team_name(dep: dict, slot: int = 0) -> str:
    return dep["team"] if slot == 0 else f"{dep['team']} – grupo {slot + 1}"
