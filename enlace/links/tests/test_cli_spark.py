"""``enlace resolve --engine spark``: refusals and missing dependencies (always), a local run (opt-in).

The local-mode run starts a real Spark (Java 17, pyspark): minutes on a 2-core machine, so it
runs only with ENLACE_SPARK_TESTS=1, like the engine's own Spark test.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from enlace.links.engine import spark

HEADER = "record_id,given_names,surnames,birth_date,sex\n"
BODY = "r1,Juan Carlos,Quispe Mamani,12/03/1990,M\nr2,Rosa,Apaza Choque,1985,F\nr3,Ana,Tzoc Caal,1999,F\n"


@pytest.fixture
def people(tmp_path):
    src = tmp_path / "people.csv"
    src.write_text(HEADER + BODY, encoding="utf-8")
    return src


@pytest.mark.parametrize("extra,named", [
    (["--household-cap", "3"], "--household-cap (Splink's model has no household cap)"),
    (["--max-cluster-size", "10"], "--max-cluster-size"),
    (["--pairs", "pairs.csv"], "--pairs"),
])
def test_spark_refuses_the_options_it_cannot_honour(people, tmp_path, extra, named):
    with pytest.raises(CommandError, match="cannot honour") as refused:
        call_command("resolve", str(people), "--output", str(tmp_path / "out.csv"), "--engine", "spark", *extra)
    assert named in str(refused.value)
    assert not (tmp_path / "out.csv").exists()


def test_spark_refuses_database_and_reindex_modes():
    for mode in ("--database", "--reindex"):
        with pytest.raises(CommandError, match=f"cannot honour: {mode} "):
            call_command("resolve", mode, "--engine", "spark", "--no-progress")


def test_missing_java_is_a_clear_error_without_traceback(people, tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "enlace.config.settings.test", "JAVA_HOME": "",
           "PATH": os.path.dirname(sys.executable)}
    done = subprocess.run([sys.executable, "-m", "enlace", "resolve", str(people), "--output",
                           str(tmp_path / "out.csv"), "--engine", "spark"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode != 0
    assert "the Spark engine needs" in done.stderr and "Java 17 or later" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_missing_python_package_is_named_with_the_extra(monkeypatch):
    monkeypatch.setattr(spark, "REQUIRED_MODULES", (("enlace_no_such_module", "pyspark"),))
    assert any("pyspark (pip install 'enlace[spark]')" in m for m in spark.missing_requirements())


def test_embedded_engine_takes_labels_and_the_clustering_threshold(people, tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("record_id_a,record_id_b,same\nr2,r3,true\n", encoding="utf-8")
    call_command("resolve", str(people), "--output", str(tmp_path / "out.csv"), "--no-progress",
                 "--labels", str(labels), "--match-probability", "0.9", "--household-cap", "4", stdout=StringIO())
    with (tmp_path / "out.csv").open(encoding="utf-8") as fh:
        clusters = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(fh)}
    assert clusters["r2"] == clusters["r3"] != clusters["r1"]
    labels.write_text("record_id_a,record_id_b,same\nr2,r3,perhaps\n", encoding="utf-8")
    with pytest.raises(CommandError, match="must be true or false"):
        call_command("resolve", str(people), "--output", str(tmp_path / "out.csv"), "--labels", str(labels))
    with pytest.raises(CommandError, match="--match-probability"):
        call_command("resolve", str(people), "--output", str(tmp_path / "out.csv"), "--match-probability", "1.5")


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("ENLACE_SPARK_TESTS") != "1", reason="set ENLACE_SPARK_TESTS=1 to start Spark")
def test_spark_engine_from_the_command_line(tmp_path):
    pytest.importorskip("pyspark")
    from enlace.links.engine.metrics import pairwise_scores
    from enlace.links.synth import generate

    frame = generate(2000, seed=4).to_pandas()
    frame.drop(columns=["person_id", "family_id"]).to_csv(tmp_path / "in.csv", index=False)
    truth = dict(zip(frame.record_id, frame.person_id, strict=True))
    sizes = frame.person_id.value_counts()
    pair = frame[frame.person_id == sizes[sizes == 2].index[0]].record_id.tolist()
    strangers = frame.drop_duplicates("person_id").record_id.tolist()[:2]
    (tmp_path / "labels.csv").write_text("record_id_a,record_id_b,same\n"
                                         f"{pair[0]},{pair[1]},false\n{strangers[0]},{strangers[1]},true\n")
    out = StringIO()
    call_command("resolve", str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv"), "--engine", "spark",
                 "--labels", str(tmp_path / "labels.csv"), "--match-probability", "0.95", stdout=out)
    with (tmp_path / "out.csv").open(encoding="utf-8") as fh:
        clusters = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(fh)}
    assert set(clusters) == set(frame.record_id)
    assert clusters[strangers[0]] == clusters[strangers[1]], "an analyst's 'same person' joins the records"
    assert clusters[pair[0]] != clusters[pair[1]], "an analyst's 'not the same' separates them"
    scores = pairwise_scores([clusters[r] for r in frame.record_id], [truth[r] for r in frame.record_id])
    assert scores["precision"] > 0.9 and scores["recall"] > 0.75
    assert "2000 rows read, 2000 written" in out.getvalue()
