"""What binding encrypted values to their row costs.

Two measurements, written to ``bench/results/row_binding.json``:

* per value: encrypt then decrypt a short (24 characters, a surname) and a long (600, a note)
  value, bound to the column only (the previous format, ``encrypt``/``decrypt``) and bound to
  the row (``seal``/``decrypt`` with the row), and through the field as the application does
  it (``pre_save`` + ``get_prep_value`` when writing; ``from_db_value`` + the descriptor that
  opens against ``public_id`` when reading); microseconds per value, median of 7 rounds;
* the person page and the case's persons tab of the 60-case demo (SQLite, Django's test
  ``Client``, as ``bench/case_page.py``): 20 persons and 20 cases the demo investigator sees.
  With ``--baseline DIR`` (a checkout of the code before rows were bound) the same pages are
  measured on that code too, each on a workspace it built itself.

Usage: ``python bench/row_binding.py [--requests 100] [--baseline DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _casebench as cb  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
USER = "investigador.lpz"
SAMPLE = 20


def per_value(rounds: int = 7, n: int = 5000) -> list[dict]:
    """Microseconds per value written then read, by the crypto functions and through the field.

    Runs on either code: the previous code has no ``seal`` and a field without ``pre_save``.
    """
    from enlace.core import crypto, fields
    from enlace.persons.models import Person

    person = Person(pseudonym="V-BENCH")
    field = Person._meta.get_field("notes")
    context, row = f"{Person._meta.db_table}.notes", str(uuid.uuid4())
    cases = {"column only (encrypt/decrypt)":
             lambda v: crypto.decrypt(crypto.encrypt(v, context=context), context=context)}
    if hasattr(crypto, "seal"):
        cases["row bound (seal/decrypt)"] = lambda v: crypto.decrypt(crypto.seal(v, context=context, row=row),
                                                                      context=context, row=row)

    def through_field(v: str) -> str:
        person.notes = v
        token = field.get_db_prep_save(field.pre_save(person, add=False), None)
        person.__dict__.pop("notes")
        person.__dict__["notes"] = field.from_db_value(token, None, None)  # as a load leaves it
        return person.notes

    cases["through the field" + (" (row bound)" if hasattr(fields, "seal_for") else " (column only)")] = through_field
    out = []
    for label, value in (("short", "Quispe Mamani de Condori"), ("long", "x" * 600)):
        for name, fn in cases.items():
            assert fn(value) == value
            times = []
            for _ in range(rounds):
                t0 = time.perf_counter()
                for _ in range(n):
                    fn(value)
                times.append((time.perf_counter() - t0) / n * 1e6)
            out.append({"kind": "per value", "value": label, "path": name,
                        "us_per_value": round(statistics.median(times), 1), "load": round(os.getloadavg()[0], 2)})
    return out


def pages(requests: int, code: str) -> list[dict]:
    from django.urls import NoReverseMatch, reverse

    from enlace.accounts.models import User
    from enlace.cases.access import visible_cases
    from enlace.persons.models import Person

    user = User.objects.get(username=USER)
    cases = list(visible_cases(user).order_by("id")[:SAMPLE])
    persons = list(Person.objects.filter(case_roles__case__in=cases).distinct().order_by("id")[:SAMPLE])

    def url(name: str, obj) -> str:
        try:
            return reverse(name, args=[obj.public_id])
        except NoReverseMatch:
            return reverse(name, args=[obj.pk])

    client = cb.client_for(USER)
    rows = []
    for page, urls in (("person page", [url("persons:detail", p) for p in persons]),
                       ("case page: persons tab", [url("cases:detail", c) + "?tab=persons" for c in cases])):
        result = cb.time_page(client, urls, requests=requests)
        rows.append({"kind": "page", "code": code, "page": page, **{k: result[k] for k in (
            "n", "p50_ms", "p95_ms", "cpu_p50_ms", "queries", "status", "load")}})
    return rows


def child(args: argparse.Namespace) -> None:
    cb.ROOT = Path.cwd()  # the tree being measured (the baseline's, for the baseline)
    cb.setup_django()
    rows = per_value() + pages(args.requests, args.code)
    cb.emit(rows)


def measure(code: str, tree: Path, requests: int) -> list[dict]:
    """Build a demo workspace with the code of ``tree`` in a temporary directory and measure it."""
    with tempfile.TemporaryDirectory(prefix="enlace-rowbind-") as var:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="enlace.config.settings.dev", ENLACE_VAR_DIR=var,
                   PYTHONPATH=str(tree))
        env.pop("DATABASE_URL", None)
        enlace = [sys.executable, "-m", "enlace"]
        for cmd in (["migrate", "--noinput", "-v", "0"], ["demo", "--seed", str(cb.SEED)]):
            subprocess.run(enlace + cmd, env=env, cwd=tree, check=True, capture_output=True)
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "--code", code,
                               "--requests", str(requests)], env=env, cwd=tree, text=True, capture_output=True)
        if proc.returncode != 0:
            sys.exit(f"[{code}] measurement failed:\n{proc.stdout}\n{proc.stderr}")
        return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--requests", type=int, default=100)
    p.add_argument("--baseline", type=Path, help="a checkout of the code before rows were bound")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--code", default="row bound", help=argparse.SUPPRESS)
    args, _rest = p.parse_known_args()  # run_all passes --backend to every script: SQLite only here
    if args.child:
        child(args)
        return
    rows = measure("row bound", ROOT, args.requests)
    if args.baseline:
        rows += measure("column bound (before)", args.baseline.resolve(), args.requests)
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))
    cb.RESULTS.mkdir(parents=True, exist_ok=True)
    doc = {"script": "row_binding", "machine": cb.machine(), "results": rows,
           "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    (cb.RESULTS / "row_binding.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
