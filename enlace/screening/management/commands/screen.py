"""``enlace screen INPUT.json``: score answers and print the result as JSON.

INPUT names the list by key and gives the indicator keys answered yes::

    {"instrument": "ilo-ec-2009-adult-labour", "yes": ["debt_bondage", ...], "age": 24}
    {"exploitation": "labour", "yes": [...], "age": null}      # the age picks the list(s)

``-`` reads standard input. An unknown list or indicator key is an error (exit status 1), never a zero.
Same function as the API (``selectors.score_input``), which calls the pure engine.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from enlace.screening.instrument import load_instrument
from enlace.screening.scoring import ScreeningResult, explain, score
from enlace.screening.selectors import ScoringInputError, instrument_by_key, score_input


def _score_without_database(data: dict) -> dict:
    """Built-in lists only, when no database is configured (e.g. on a laptop with just the package)."""
    key = data.get("instrument")
    if not key:
        raise ScoringInputError("database unavailable")
    return score(load_instrument(key), data.get("yes", []), age_at_exploitation=data.get("age")).to_dict()


class Command(BaseCommand):
    help = "Score screening answers (ILO/EC indicators) and print the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help="JSON file with the answers, or - for standard input.")
        parser.add_argument("--explain", metavar="LANG", default="",
                            help="Also print the result in sentences in this language (en, es, pt).")
        parser.add_argument("--indent", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["input"]
        try:
            text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path} is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise CommandError("the input must be a JSON object")
        language = options["explain"] or data.pop("language", "")
        try:
            try:
                result = score_input(data)
            except DatabaseError:
                result = _score_without_database(data)
        except ScoringInputError as exc:
            raise CommandError(str(exc)) from None
        except (LookupError, ValueError) as exc:
            raise CommandError(str(exc).strip("'\"")) from None
        if language:
            result["explanation"] = _explanation(result, language)
        self.stdout.write(json.dumps(result, indent=options["indent"] or None, ensure_ascii=False))


def _explanation(result: dict, language: str) -> list[str]:
    lines: list[str] = []
    for item in result.get("results", [result]):
        instrument = instrument_by_key(item["instrument_key"], version=item["instrument_version"])
        scored = score(instrument, item["answered_yes"], age_at_exploitation=item["age_at_exploitation"])
        lines += explain(_with_foreign(scored, item), language, instrument=instrument)
    return lines


def _with_foreign(scored: ScreeningResult, item: dict) -> ScreeningResult:
    from dataclasses import replace

    return replace(scored, not_in_instrument=tuple(item.get("not_in_instrument", ())))
