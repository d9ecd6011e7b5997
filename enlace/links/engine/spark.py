"""Apache Spark path for a country that outgrows one machine (Splink's Spark backend).

The design is the batch engine's: enlace's normalisation runs on each Spark partition
(mapInPandas, with the same Python code), then Splink on Spark does blocking, comparison
with the same levels (engine.splink_model), EM training and connected components. Needs
`pyspark` (and Java 17) and `splink`, installed with the `spark` extra; the single-machine
engine stays the default because it is far faster below a few million records.

    from enlace.links.engine.spark import local_spark_session, resolve_spark
    spark = local_spark_session()          # or your cluster's session + Splink's jar
    clusters = resolve_spark(spark.read.csv("persons.csv", header=True), spark=spark).clusters

From the command line: ``enlace resolve INPUT.csv --output OUT.csv --engine spark`` (this
module's ``resolve_spark_csv``), see docs/operations.md for what differs from the
embedded engine.
"""

from __future__ import annotations

import csv
import importlib.util
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .prepare import COLUMNS, prepare
from .resolve import Settings
from .spark_unchain import unchain_spark
from .splink_model import SPARK_SCHEMA, splink_frame, splink_settings, train_and_predict


def _normalise_partition(batches: Iterator[pd.DataFrame], default_region: str) -> Iterator[pd.DataFrame]:
    import pyarrow as pa

    for batch in batches:
        batch = batch.reindex(columns=list(COLUMNS))
        table = pa.Table.from_pandas(batch.astype(object).where(batch.notna(), None), preserve_index=False)
        table = pa.table({c: table.column(c).cast(pa.string()) for c in COLUMNS})
        frame = splink_frame(prepare(table, default_region=default_region))
        for col in ("year", "month", "day", "dob_full", "dm"):
            frame[col] = frame[col].astype("float64")  # Arrow int32 with nulls via float
        yield frame


def normalise_spark(records, *, default_region: str = "BO"):
    """Spark DataFrame of raw records -> Spark DataFrame of cleaned matching columns."""
    from pyspark.sql import functions as F  # noqa: N812

    float_schema = SPARK_SCHEMA.replace(" int", " double")
    cleaned = records.mapInPandas(lambda it: _normalise_partition(it, default_region), schema=float_schema)
    for col in ("year", "month", "day", "dob_full", "dm"):
        cleaned = cleaned.withColumn(col, F.col(col).cast("int"))
    return cleaned


REQUIRED_MODULES = (("pyspark", "pyspark"), ("splink", "splink"))
JAVA_MAJOR = 17


def missing_requirements() -> list[str]:
    """What this machine lacks to run the Spark path, in words an operator can act on."""
    missing = [f"the Python package {package} (pip install 'enlace[spark]')"
               for module, package in REQUIRED_MODULES if importlib.util.find_spec(module) is None]
    java_home = os.environ.get("JAVA_HOME", "")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        missing.append(f"Java {JAVA_MAJOR} or later (set JAVA_HOME or put java on PATH)")
        return missing
    done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    found = re.search(r'version "(\d+)', done.stderr + done.stdout)
    if not found or int(found.group(1)) < JAVA_MAJOR:
        missing.append(f"Java {JAVA_MAJOR} or later (found {found.group(1) if found else 'an unknown version'})")
    return missing


def local_spark_session(cores: int = 2, app_name: str = "enlace-resolve", master: str | None = None):
    """A session wired for this path: Splink's similarity jar, this Python for the workers
    (they import enlace), and in local mode the loopback interface only."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    root = str(Path(__file__).resolve().parents[3])
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    builder = (SparkSession.builder.master(master or f"local[{cores}]").appName(app_name)
               .config("spark.jars", similarity_jar_location())
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", str(4 * cores))
               .config("spark.executorEnv.PYTHONPATH", os.environ["PYTHONPATH"]))
    if (master or "local").startswith("local"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    # Splink checkpoints intermediate tables (connected components) on Spark.
    session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="enlace-spark-ckpt-"))
    return session


@dataclass
class SparkResolution:
    clusters: object  # Spark DataFrame: record_id, cluster_id
    label_conflicts: list[tuple[str, str]] = field(default_factory=list)
    unchain: dict[str, int] = field(default_factory=dict)  # pairs_checked, conflicts_found, clusters_rebuilt


def _labelled_edges(edges, labels: list[tuple[str, str, bool]], nodes, spark):
    """Analysts' decisions on Splink's scored pairs: 'same' becomes a certain link, 'not the
    same' removes the pair's own link (a third record can still join them: reported after)."""
    from pyspark.sql import functions as F  # noqa: N812

    rows = [(min(a, b), max(a, b), bool(same)) for a, b, same in labels if a != b]
    lab = spark.createDataFrame(rows, "lo string, hi string, same boolean")
    ids = nodes.select(F.col("record_id").alias("id"))
    lab = (lab.join(ids.withColumnRenamed("id", "lo"), "lo", "left_semi")
           .join(ids.withColumnRenamed("id", "hi"), "hi", "left_semi"))
    keyed = (edges.withColumn("lo", F.least("record_id_l", "record_id_r"))
             .withColumn("hi", F.greatest("record_id_l", "record_id_r")))
    kept = keyed.join(lab.select("lo", "hi"), ["lo", "hi"], "left_anti")
    same = lab.filter("same").select(F.col("lo").alias("record_id_l"), F.col("hi").alias("record_id_r"),
                                     F.lit(1.0).alias("match_probability"))
    return kept.select("record_id_l", "record_id_r", "match_probability").unionByName(same), lab


def resolve_spark(records, *, spark, threshold: float = 0.95, default_region: str = "BO",
                  labels: Iterable[tuple[str, str, bool]] = (), settings: Settings | None = None) -> SparkResolution:
    """Cluster records on Spark: Splink's model, connected components at ``threshold``, then
    the embedded engine's chain check (spark_unchain.py) unless ``settings.unchain`` is off.

    ``settings`` gives the chain check's conflict weight, group weight and largest cluster
    checked; the threshold is ``threshold``, not ``settings.match_probability``.
    """
    from pyspark.sql import functions as F  # noqa: N812
    from splink import Linker, SparkAPI
    from splink.clustering import cluster_pairwise_predictions_at_threshold

    cleaned = normalise_spark(records, default_region=default_region).persist()
    db_api = SparkAPI(spark_session=spark)
    linker = Linker(db_api.register(cleaned), splink_settings(), log_level=logging.WARNING)
    predictions = train_and_predict(linker).as_spark_dataframe()
    edges = predictions.select("record_id_l", "record_id_r", "match_probability")
    labels = list(labels)
    lab = None
    if labels:
        edges, lab = _labelled_edges(edges, labels, cleaned, spark)
    clusters = cluster_pairwise_predictions_at_threshold(
        cleaned.select("record_id"), edges, db_api=db_api, node_id_column_name="record_id",
        threshold_match_probability=threshold).as_spark_dataframe().select("record_id", "cluster_id")
    settings = settings or Settings()
    unchained: dict[str, int] = {}
    if settings.unchain:
        clusters, unchained = unchain_spark(
            clusters, cleaned=cleaned, edges=edges, labelled=lab, linker=linker, db_api=db_api, threshold=threshold,
            conflict_weight=settings.conflict_weight, group_weight=settings.group_weight,
            max_size=settings.max_cluster_size)
    conflicts: list[tuple[str, str]] = []
    if lab is not None:
        c = clusters.select(F.col("record_id").alias("lo"), F.col("cluster_id").alias("c_lo"))
        d = clusters.select(F.col("record_id").alias("hi"), F.col("cluster_id").alias("c_hi"))
        joined = lab.filter(~F.col("same")).join(c, "lo").join(d, "hi").filter(F.col("c_lo") == F.col("c_hi"))
        conflicts = [(r["lo"], r["hi"]) for r in joined.select("lo", "hi").collect()]
    return SparkResolution(clusters=clusters, label_conflicts=conflicts, unchain=unchained)


@dataclass
class SparkReport:
    rows_read: int
    rows_written: int
    clusters: int
    skipped_missing_id: int
    skipped_duplicate_id: int
    label_conflicts: list[tuple[str, str]]
    unchain: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        chains = (f"; {self.unchain['clusters_rebuilt']} chained clusters rebuilt "
                  f"({self.unchain['conflicts_found']} conflicts among {self.unchain['pairs_checked']} "
                  "pairs inside clusters that did not link directly)") if self.unchain else ""
        return (f"{self.rows_read} rows read, {self.rows_written} written in {self.clusters} clusters (Spark); "
                f"{self.skipped_missing_id} rows without record_id and {self.skipped_duplicate_id} repeated "
                f"record_ids skipped; {len(self.label_conflicts)} 'not the same' decisions still in one cluster"
                + chains)


def resolve_spark_csv(input_path: str | Path, output_path: str | Path, *, master: str | None = None,
                      threshold: float = 0.95, default_region: str = "BO",
                      labels: Iterable[tuple[str, str, bool]] = (), settings: Settings | None = None) -> SparkReport:
    """``enlace resolve --engine spark``: CSV in (read by Spark), ``record_id,cluster_id`` out."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F  # noqa: N812

    spark = local_spark_session(master=master)
    try:
        raw = spark.read.csv(str(input_path), header=True, inferSchema=False, mode="PERMISSIVE", encoding="UTF-8")
        if "record_id" not in raw.columns:
            raise ValueError("the CSV has no record_id column")
        raw = raw.withColumn("record_id", F.trim(F.col("record_id"))).withColumn("_row", F.monotonically_increasing_id())
        total = raw.count()
        with_id = raw.filter(F.col("record_id").isNotNull() & (F.col("record_id") != ""))
        first = (with_id.withColumn("_n", F.row_number().over(Window.partitionBy("record_id").orderBy("_row")))
                 .filter(F.col("_n") == 1).drop("_n", "_row"))
        result = resolve_spark(first, spark=spark, threshold=threshold, default_region=default_region, labels=labels,
                               settings=settings)
        written, clusters = _write_clusters(result.clusters, output_path)
        n_with_id = with_id.count()
        return SparkReport(rows_read=total, rows_written=written, clusters=clusters,
                           skipped_missing_id=total - n_with_id, skipped_duplicate_id=n_with_id - written,
                           label_conflicts=result.label_conflicts, unchain=result.unchain)
    finally:
        spark.stop()


def _write_clusters(clusters, output_path: str | Path) -> tuple[int, int]:
    """Streamed to the driver partition by partition, so the output never sits in memory whole."""
    seen: set[str] = set()
    written = 0
    with open(output_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["record_id", "cluster_id"])
        for row in clusters.toLocalIterator():
            writer.writerow([row["record_id"], row["cluster_id"]])
            seen.add(row["cluster_id"])
            written += 1
    return written, len(seen)
