"""``enlace resolve``: the CSV contract, the database mode feeding the review queue, reindexing."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from enlace.links.batch import parse_reasons, person_record
from enlace.links.models import CandidateSource, CandidateStatus, MatchCandidate, MatchKey
from enlace.links.services_review import match_decide

from .links_factories import add_person

HEADER = "record_id,given_names,surnames,birth_date,sex,phone,document_number,city,favourite_colour\n"
BODY = (
    "r1,Juan Carlos,Quispe Mamani,12/03/1990,M,+591 71234567,4567891 LP,El Alto,blue\n"
    "r2,Juan C.,QUISPE MAMANI,1990-03-12,M,71234567,4.567.891,La Paz,\n"
    "r3,Rosa,Apaza\n"  # line 4: too few columns
    ",Ana,Tzoc,1999,F,,,Cobán,\n"  # line 5: no record_id
    "r4,Lidia,Condori Mamani,1985,F,,,,,,\n"  # line 6: too many columns
    "r5,Pancho,Quispe Mamani,1990,M,,,,\n"
)


def _run(tmp_path, *extra, body=BODY):
    src = tmp_path / "people.csv"
    src.write_text(HEADER + body, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("resolve", str(src), "--output", str(tmp_path / "out.csv"), "--no-progress", *extra,
                 stdout=out, stderr=err)
    with (tmp_path / "out.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return rows, out.getvalue(), err.getvalue()


def test_every_record_in_the_output_and_bad_rows_reported_by_line(tmp_path):
    rows, out, err = _run(tmp_path)
    assert [r["record_id"] for r in rows] == ["r1", "r2", "r3", "r4", "r5"]
    assert list(rows[0]) == ["record_id", "cluster_id"]
    clusters = {r["record_id"]: r["cluster_id"] for r in rows}
    assert clusters["r1"] == clusters["r2"] != clusters["r3"]
    assert "line 4:" in err and "(record r3)" in err
    assert "line 5: missing record_id" in err
    assert "line 6:" in err and "(record r4)" in err
    assert "5 written" in out


def test_pairs_file_with_scores_and_reasons(tmp_path):
    _rows, out, _err = _run(tmp_path, "--pairs", str(tmp_path / "pairs.csv"))
    with (tmp_path / "pairs.csv").open(encoding="utf-8") as fh:
        pairs = list(csv.DictReader(fh))
    r1r2 = next(p for p in pairs if {p["record_id_a"], p["record_id_b"]} == {"r1", "r2"})
    assert float(r1r2["match_probability"]) > 0.9 and "document=exact" in r1r2["reasons"]
    assert "pairs:" in out


def test_the_threshold_is_the_models_choice_unless_one_is_given(tmp_path):
    _rows, chosen, _err = _run(tmp_path)
    assert any(f"linked at match probability {p} (the model's estimate: precision" in chosen
               for p in ("0.8", "0.9", "0.95", "0.98", "0.99"))
    _rows, given, _err = _run(tmp_path, "--match-probability", "0.7")
    assert "linked at match probability 0.7 (" in given


def test_unreadable_input_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("resolve", str(tmp_path / "missing.csv"), "--output", str(tmp_path / "o.csv"), "--no-progress")
    no_id = tmp_path / "no_id.csv"
    no_id.write_text("name,surname\nJuan,Quispe\n", encoding="utf-8")
    with pytest.raises(CommandError, match="record_id"):
        call_command("resolve", str(no_id), "--output", str(tmp_path / "o.csv"), "--no-progress")
    with pytest.raises(CommandError):
        call_command("resolve", "--no-progress")  # no mode at all


def test_unreadable_input_exits_non_zero_from_the_shell(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "enlace.config.settings.test"}
    done = subprocess.run([sys.executable, "-m", "enlace", "resolve", str(tmp_path / "nope.csv"), "--output",
                           str(tmp_path / "o.csv"), "--no-progress"], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode != 0 and "cannot read" in done.stderr


def test_parse_engine_reasons():
    assert parse_reasons("given=nickname_or_first_name(+4.1); document=exact(+9.0); name_frequency(-1.2)") == [
        {"field": "given_name", "level": "nickname_or_first_name", "weight": 4.1},
        {"field": "document", "level": "exact", "weight": 9.0}]


@pytest.mark.django_db
def test_database_mode_feeds_the_review_queue_and_respects_decisions(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                   birth_year=1990, birth_month=3, birth_day=12, sex="M", documents=[("national_id", "4567891 LP", "BO")])
    b = add_person(inv, case, given_names="Juan C.", first_surname="Quispe", second_surname="Mamani",
                   birth_year=1990, birth_month=3, birth_day=12, sex="M", documents=[("national_id", "4.567.891", "BO")])
    c = add_person(inv, case, given_names="Pancho", first_surname="Mamani", second_surname="Choque",
                   birth_year=1975, sex="M", phones=["72223344"])
    d = add_person(inv, case, given_names="Francisco", first_surname="Mamani", second_surname="Choque",
                   birth_year=1975, sex="M", phones=["+591 72223344"])
    assert person_record(a)["surnames"] == "Quispe Mamani" and person_record(a)["birth_date"] == "1990-03-12"
    # An analyst said c and d are not the same person: the engine must not bring them back.
    cd = MatchCandidate.objects.get(person_a_id=min(c.pk, d.pk), person_b_id=max(c.pk, d.pk))
    match_decide(actor=inv, candidate=cd, decision="not_same")
    MatchCandidate.objects.filter(pk__in=MatchCandidate.objects.exclude(pk=cd.pk).values("pk")).delete()
    out = StringIO()
    call_command("resolve", "--database", "--no-progress", stdout=out)
    ab = MatchCandidate.objects.get(person_a_id=min(a.pk, b.pk), person_b_id=max(a.pk, b.pk))
    assert ab.source == CandidateSource.BATCH and ab.status == CandidateStatus.PROPOSED and ab.score > 0.9
    assert any(r["field"] == "document" for r in ab.reasons)
    cd.refresh_from_db()
    assert cd.status == CandidateStatus.REJECTED
    assert "4 person records resolved" in out.getvalue()


@pytest.mark.django_db
def test_reindex_mode(world):
    add_person(world["investigator"], world["case"], given_names="Juan", first_surname="Quispe", phones=["71234567"])
    MatchKey.objects.all().delete()
    out = StringIO()
    call_command("resolve", "--reindex", "--no-progress", stdout=out)
    assert MatchKey.objects.filter(kind="phone").count() == 1
    assert "1 persons" in out.getvalue()
