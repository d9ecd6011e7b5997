"""Run every benchmark script in bench/ and collect what they wrote to bench/results/.

Every ``bench/*.py`` except this file and helpers starting with ``_`` is a benchmark; each
runs with its defaults (``make bench``). Arguments after ``--`` are passed to every script
(e.g. ``python bench/run_all.py -- --backend all``); ``--only NAME`` runs some of them.
The summary (exit code, duration, result files) goes to ``bench/results/run_all.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = Path(os.environ.get("ENLACE_BENCH_RESULTS", BENCH / "results"))  # scripts honour it too


def _shown(path: Path) -> str:
    """A result file as written in the summary: relative to the repository, never a machine's path."""
    try:
        return str(path.resolve().relative_to(BENCH.parent))
    except ValueError:
        return path.name


def scripts(only: list[str]) -> list[Path]:
    found = sorted(p for p in BENCH.glob("*.py") if p.name != "run_all.py" and not p.name.startswith("_"))
    return [p for p in found if not only or p.stem in only]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", action="append", default=[], help="script name without .py (repeatable)")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="-- then arguments for every script")
    args = parser.parse_args()
    passthrough = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary = []
    for script in scripts(args.only):
        print(f"== {script.name}", flush=True)
        before = {p: p.stat().st_mtime for p in RESULTS.glob("*.json")}
        started = time.monotonic()
        code = subprocess.call([sys.executable, str(script), *passthrough], cwd=BENCH.parent)
        written = sorted(_shown(p) for p in RESULTS.glob("*.json")
                         if p.name != "run_all.json" and before.get(p) != p.stat().st_mtime)
        summary.append({"script": script.name, "exit_code": code, "seconds": round(time.monotonic() - started, 1),
                        "results": written})
    doc = {"finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "scripts": summary}
    (RESULTS / "run_all.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print("\nscript                          exit  seconds  results")
    for s in summary:
        print(f"{s['script']:<30}  {s['exit_code']:>4}  {s['seconds']:>7}  {', '.join(s['results'])}")
    return 0 if all(s["exit_code"] == 0 for s in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
