"""Spark path (Splink on Spark, local mode).

Slow (about 2 minutes on an idle 2-core machine, 11 on a loaded one): skipped when pyspark
is not installed, and unless ENLACE_SPARK_TESTS=1, so that CI's two full runs stay short.
"""

from __future__ import annotations

import os

import pytest

if os.environ.get("ENLACE_SPARK_TESTS") != "1":
    pytest.skip("set ENLACE_SPARK_TESTS=1 to run the Spark path test", allow_module_level=True)

pyspark = pytest.importorskip("pyspark")
pytest.importorskip("splink")


@pytest.mark.slow
def test_spark_path_clusters_known_duplicates():
    from enlace.links.engine.metrics import pairwise_scores
    from enlace.links.engine.spark import local_spark_session, resolve_spark
    from enlace.links.synth import generate

    table = generate(3000, seed=4)
    frame = table.to_pandas()
    spark = local_spark_session(cores=2, app_name="enlace-test")
    try:
        sdf = spark.createDataFrame(frame.drop(columns=["person_id", "family_id"]))
        clusters = resolve_spark(sdf, spark=spark).clusters.toPandas()
    finally:
        spark.stop()
    assert len(clusters) == len(frame)
    by_id = dict(zip(clusters.record_id, clusters.cluster_id, strict=True))
    labels = [by_id[r] for r in frame.record_id]
    scores = pairwise_scores(labels, frame.person_id.to_numpy())
    assert scores["precision"] > 0.9
    assert scores["recall"] > 0.8
