"""Apache Spark path for a country that outgrows one machine (Splink's Spark backend).

The design is the batch engine's: enlace's normalisation runs on each Spark partition
(mapInPandas, with the same Python code), then Splink on Spark does blocking, comparison
with the same levels (engine.splink_model), EM training and connected components. Needs
`pyspark` (and Java 17) and `splink`, installed with the `spark` extra; the single-machine
engine stays the default because it is far faster below a few million records.

    from enlace.links.engine.spark import local_spark_session, resolve_spark
    spark = local_spark_session()          # or your cluster's session + Splink's jar
    clusters = resolve_spark(spark.read.csv("persons.csv", header=True), spark=spark)
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pandas as pd

from .prepare import COLUMNS, prepare
from .splink_model import SPARK_SCHEMA, splink_frame, splink_settings, train_and_cluster


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


def local_spark_session(cores: int = 2, app_name: str = "enlace-resolve"):
    """A local-mode session wired for this path: Splink's similarity jar, this Python for
    the workers (they import enlace), and the loopback interface only."""
    import os
    import sys
    import tempfile
    from pathlib import Path

    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    root = str(Path(__file__).resolve().parents[3])
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    session = (SparkSession.builder.master(f"local[{cores}]").appName(app_name)
            .config("spark.jars", similarity_jar_location())
            .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", str(4 * cores))
            .config("spark.executorEnv.PYTHONPATH", os.environ["PYTHONPATH"])
            .getOrCreate())
    # Splink checkpoints intermediate tables (connected components) on Spark.
    session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="enlace-spark-ckpt-"))
    return session


def resolve_spark(records, *, spark, threshold: float = 0.95, default_region: str = "BO"):
    """Cluster records on Spark; returns a Spark DataFrame with record_id and cluster_id."""
    from splink import Linker, SparkAPI

    cleaned = normalise_spark(records, default_region=default_region).persist()
    db_api = SparkAPI(spark_session=spark)
    linker = Linker(db_api.register(cleaned), splink_settings(), log_level=logging.WARNING)
    _, clusters = train_and_cluster(linker, threshold=threshold)
    return clusters.as_spark_dataframe().select("record_id", "cluster_id")
