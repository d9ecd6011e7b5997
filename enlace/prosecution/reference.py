"""Loads the offences and procedural stages shipped as data (``data/*.json``) into their tables.

Idempotent: an offence is keyed by (code, version), a stage by (country, code); a repeated load
updates them in place. Called by a data migration with the historical models; when the files
change, a new data migration calls it again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.apps import apps

DATA = Path(__file__).resolve().parent / "data"


def _read(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def load_offences(offence_model) -> int:
    count = 0
    for entry in _read("offences.json")["offences"]:
        offence_model.objects.update_or_create(code=entry["code"], version=entry["version"], defaults={
            "country": entry["country"], "article": entry["article"], "title": entry["title"],
            "source": entry["source"], "penalty": entry.get("penalty", ""), "verified": bool(entry["verified"]),
            "elements": entry["elements"], "aggravations": entry["aggravations"], "is_active": True})
        count += 1
    return count


def load_stages(stage_model) -> int:
    count = 0
    for country, spec in _read("stages.json")["countries"].items():
        for order, stage in enumerate(spec["stages"], start=1):
            stage_model.objects.update_or_create(country=country, code=stage["code"], defaults={
                "name": stage["name"], "order": order, "case_status": stage["case_status"],
                "limit_days": stage["limit_days"], "limit_note": stage.get("limit_note", ""),
                "source": spec["source"], "verified": bool(spec["verified"])})
            count += 1
    return count


def ensure_loaded() -> None:
    """Load the shipped reference data when its tables are empty (a database flushed after the
    migrations ran, as test suites and a demo rebuilt with ``--force`` do); otherwise nothing."""
    offence, stage = apps.get_model("prosecution", "Offence"), apps.get_model("prosecution", "ProceduralStage")
    if not offence.objects.exists():
        load_offences(offence)
    if not stage.objects.exists():
        load_stages(stage)
