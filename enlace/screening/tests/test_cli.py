"""``enlace screen INPUT.json``: prints the engine's result as JSON; unknown keys fail loudly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from enlace.referrals.tests.factories import PRESUMED_ADULT_LABOUR
from enlace.screening.instrument import load_instrument
from enlace.screening.scoring import score, score_screening

ROOT = Path(__file__).resolve().parents[3]


def _run(tmp_path, data) -> dict:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = StringIO()
    call_command("screen", str(path), stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_named_list_prints_the_engine_result(tmp_path):
    result = _run(tmp_path, {"instrument": "ilo-ec-2009-adult-labour", "yes": PRESUMED_ADULT_LABOUR, "age": 24})
    expected = score(load_instrument("ilo-ec-2009-adult-labour"), PRESUMED_ADULT_LABOUR, age_at_exploitation=24)
    assert result == expected.to_dict()
    assert result["outcome"] == "presumed_victim"


@pytest.mark.django_db
def test_exploitation_form_with_unknown_age_scores_both_lists(tmp_path):
    result = _run(tmp_path, {"exploitation": "labour", "yes": PRESUMED_ADULT_LABOUR[:4], "age": None})
    expected = score_screening(exploitation="labour", answered_yes=PRESUMED_ADULT_LABOUR[:4], age_at_exploitation=None)
    assert result == expected.to_dict()
    assert result["outcome"] == "presumed_victim" and result["outcome_from"] == ["child"]


@pytest.mark.django_db
def test_explain_adds_sentences_in_the_language(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"instrument": "ilo-ec-2009-adult-labour", "yes": PRESUMED_ADULT_LABOUR[:4], "age": 30}))
    out = StringIO()
    call_command("screen", str(path), "--explain", "es", stdout=out)
    lines = json.loads(out.getvalue())["explanation"]
    assert lines[0].startswith("Posible víctima")


@pytest.mark.django_db
@pytest.mark.parametrize("data, message", [
    ({"instrument": "ilo-ec-2009-adult-labor", "yes": []}, "no screening instrument 'ilo-ec-2009-adult-labor'"),
    ({"instrument": "ilo-ec-2009-adult-labour", "yes": ["debt_bondge"], "age": 30}, "unknown indicator key(s)"),
    ({"instrument": "ilo-ec-2009-adult-labour", "yes": [], "age": 12}, "age 12 means the child list"),
    ({"yes": []}, "give 'instrument'"),
    ({"instrument": "ilo-ec-2009-adult-labour", "answers": []}, "unknown field(s): answers"),
])
def test_bad_input_is_a_clear_error(tmp_path, data, message):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("screen", str(path), stdout=StringIO())


def _cli(tmp_path, data) -> subprocess.CompletedProcess:
    """The real command line, in a fresh process on an empty database file (built-in lists only)."""
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "enlace.config.settings.test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    return subprocess.run([sys.executable, "-m", "enlace", "screen", str(path)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=600, check=False)


def test_command_line_exit_codes(tmp_path):
    ok = _cli(tmp_path, {"instrument": "ilo-ec-2009-child-sexual", "yes": [], "age": 15})
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["outcome"] == "no_indicators"
    bad = _cli(tmp_path, {"instrument": "no-such-list", "yes": ["not_an_indicator"]})
    assert bad.returncode != 0, bad.stdout
    assert "no screening instrument 'no-such-list'" in bad.stderr and bad.stdout == ""
