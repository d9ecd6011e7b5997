"""Reading questionnaire templates: the data files, their digest, and localised texts.

Why JSON files with every language inside: a questionnaire is data with a source, versioned
with the code and reviewed like it; gettext catalogues are for the interface, not for the
questions a round was answered with (those must stay as they were on the day).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

DATA_DIR = Path(__file__).parent / "data"


def template_files() -> list[Path]:
    return sorted(DATA_DIR.glob("assessment-*.json"))


def read_template_file(path: Path) -> tuple[dict[str, Any], str]:
    raw = path.read_bytes()
    return json.loads(raw), hashlib.sha256(raw).hexdigest()


def localized(texts: dict[str, str] | str) -> str:
    """The text in the active language, else Spanish, else English (the files carry en/es/pt)."""
    if isinstance(texts, str):
        return texts
    lang = (get_language() or "en").split("-")[0]
    return texts.get(lang) or texts.get("es") or texts.get("en") or ""


@dataclass(frozen=True)
class Question:
    code: str
    area: str
    external: bool
    text: dict[str, str]


def questions(content: dict[str, Any]) -> list[Question]:
    return [Question(q["code"], a["code"], bool(q.get("external")), q["text"])
            for a in content["areas"] for q in a["questions"]]


def area_titles(content: dict[str, Any]) -> dict[str, str]:
    return {a["code"]: localized(a["title"]) for a in content["areas"]}


def scale_values(content: dict[str, Any]) -> list[int]:
    return [int(s["value"]) for s in content["scale"]]


def scale_choices(content: dict[str, Any]) -> list[tuple[int, str]]:
    return [(int(s["value"]), f"{s['value']} · {localized(s)}") for s in content["scale"]]


def validate_content(content: dict[str, Any]) -> None:
    """A template must name its source, a scale and unique question codes; raises ValueError."""
    for key in ("code", "version", "title", "source", "scale", "areas"):
        if key not in content:
            raise ValueError(f"questionnaire file without '{key}'")
    codes = [q.code for q in questions(content)]
    if len(codes) != len(set(codes)):
        raise ValueError("questionnaire file with duplicate question codes")
    if not content["source"].get("title"):
        raise ValueError("questionnaire file without a source title")
