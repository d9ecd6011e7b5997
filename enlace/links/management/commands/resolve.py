"""``enlace resolve``: batch entity resolution of person records.

    enlace resolve INPUT.csv --output OUT.csv [--pairs PAIRS.csv]   # a spreadsheet
    enlace resolve --database [--min-probability 0.5]                # every person, into the review queue
    enlace resolve --reindex [--no-match]                            # rebuild the real-time match index
    enlace resolve INPUT.csv --output OUT.csv --engine spark [--spark-master URL]   # scale-out (Splink on Spark)

CSV mode takes analysts' decisions (``--labels``: record_id_a,record_id_b,same) and the
clustering threshold (``--match-probability``) on both engines; ``--household-cap`` and
``--max-cluster-size`` only on the embedded one. The Spark engine refuses what it cannot
honour, naming the options, rather than silently ignoring them.

The CSV mode wraps ``enlace.links.engine.resolve_csv``: OUT.csv has ``record_id,cluster_id``
for every input row; rows that cannot be read are reported with their line numbers on
standard error and the run goes on. An input that cannot be read at all is an error (exit
status 1). Columns: record_id, given_names, surnames, birth_date, sex, nationality,
document_number, phone, email, city, country (unknown ones ignored, missing ones allowed).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.links.batch import resolve_database
from enlace.links.engine import Settings, resolve_csv, spark
from enlace.links.engine.csvio import read_labels
from enlace.links.services import reindex_all, vacuum_match_index

# What the Spark engine (Splink's model) cannot honour, and why: refused, never ignored.
SPARK_REFUSES = {
    "database": "--database (the review queue needs the embedded engine's per-field reasons)",
    "reindex": "--reindex (the real-time match index belongs to the embedded engine)",
    "pairs": "--pairs (Splink's scored pairs carry no per-field reasons)",
    "household_cap": "--household-cap (Splink's model has no household cap)",
    "max_cluster_size": "--max-cluster-size (Splink clusters by connected components; only chained "
                        "clusters of up to 30 records are rebuilt)",
}
SETTING_OPTIONS = {"match_probability": "match_probability", "household_cap": "household_cap",
                   "max_cluster_size": "max_cluster_size"}


class Command(BaseCommand):
    help = "Deduplicate person records: a CSV file, or every person in the database (into the review queue)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", nargs="?", help="CSV file of person records.")
        parser.add_argument("--output", help="CSV to write record_id,cluster_id to (CSV mode).")
        parser.add_argument("--pairs", help="Also write the scored pairs with their reasons to this CSV.")
        parser.add_argument("--region", default="", help="Default country for phones without a country code "
                                                         "(default: ENLACE_DEFAULT_COUNTRY).")
        parser.add_argument("--database", action="store_true",
                            help="Resolve every person in the database and feed proposals to the review queue.")
        parser.add_argument("--min-probability", type=float, default=0.5,
                            help="--database: smallest match probability proposed for review (default 0.5).")
        parser.add_argument("--reindex", action="store_true", help="Rebuild the real-time match index.")
        parser.add_argument("--no-match", action="store_true", help="--reindex: keys only, no matching pass.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument("--engine", choices=["embedded", "spark"], default="embedded",
                            help="CSV mode: the embedded engine (default) or Splink's model on Apache Spark.")
        parser.add_argument("--spark-master", help="--engine spark: Spark master URL (default local[2]).")
        parser.add_argument("--labels", help="CSV mode: analysts' decisions (record_id_a,record_id_b,same).")
        parser.add_argument("--match-probability", type=float,
                            help="CSV mode: probability at which two records join one cluster (default: the "
                                 "one of 0.8, 0.9, 0.95, 0.98 and 0.99 whose clusters the model estimates best; "
                                 "0.95 with --engine spark).")
        parser.add_argument("--household-cap", type=float,
                            help="Embedded engine: most weight shared household fields may add (default 5).")
        parser.add_argument("--max-cluster-size", type=int,
                            help="Embedded engine: larger clusters are rebuilt from their strongest links (default 30).")

    def handle(self, *args: Any, **opts: Any) -> None:
        modes = [bool(opts["input"]), opts["database"], opts["reindex"]]
        if sum(modes) != 1:
            raise CommandError("Give exactly one of: INPUT.csv (with --output), --database, --reindex.")
        progress = not opts["no_progress"]
        if opts["engine"] == "spark":
            return self._spark(opts)
        if opts["spark_master"]:
            raise CommandError("--spark-master only applies to --engine spark.")
        if opts["reindex"]:
            return self._reindex(match=not opts["no_match"], progress=progress)
        if opts["database"]:
            return self._database(min_probability=opts["min_probability"], progress=progress)
        return self._csv(opts, progress)

    def _csv_inputs(self, opts: dict[str, Any]) -> tuple[Path, list | None, str]:
        """The checks both engines share: a readable input, an output, readable labels."""
        if not opts["output"]:
            raise CommandError("--output OUT.csv is required with an input file.")
        path = Path(opts["input"])
        try:
            with path.open("rb") as fh:
                fh.read(1)
            labels = read_labels(opts["labels"]) if opts["labels"] else None
        except OSError as exc:
            raise CommandError(f"cannot read {exc.filename or path}: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        p = opts["match_probability"]
        if p is not None and not 0.0 < p < 1.0:
            raise CommandError("--match-probability must be in (0, 1).")
        return path, labels, (opts["region"] or settings.ENLACE_DEFAULT_COUNTRY).upper()

    def _csv(self, opts: dict[str, Any], progress: bool) -> None:
        import pyarrow as pa

        path, labels, region = self._csv_inputs(opts)
        output, pairs, input_path = opts["output"], opts["pairs"], opts["input"]
        given: dict[str, Any] = {field: opts[option] for option, field in SETTING_OPTIONS.items()
                                 if opts[option] is not None}
        if "match_probability" in given:  # a probability given is used, not chosen by the model
            given["auto_threshold"] = False
        try:
            report = resolve_csv(path, output, pairs_path=pairs, progress=progress, default_region=region,
                                 labels=labels, settings=dataclasses.replace(Settings(), **given))
        except (ValueError, UnicodeDecodeError, pa.ArrowInvalid) as exc:
            raise CommandError(f"cannot read {input_path}: {exc}") from None
        except OSError as exc:
            raise CommandError(f"cannot write the output: {exc.strerror or exc}") from None
        for bad in report.bad_rows:
            rid = f" (record {bad.record_id})" if bad.record_id else ""
            self.stderr.write(f"line {bad.line}: {bad.reason}{rid}")
        self.stdout.write(report.summary())
        self.stdout.write(f"Written: {output}" + (f", pairs: {pairs}" if pairs else ""))

    def _spark(self, opts: dict[str, Any]) -> None:
        refused = [why for option, why in SPARK_REFUSES.items() if opts[option] not in (None, False)]
        if refused:
            raise CommandError("--engine spark runs Splink's model, which cannot honour: " + "; ".join(refused)
                               + ". Use the embedded engine for these.")
        if not opts["input"]:
            raise CommandError("--engine spark needs INPUT.csv and --output OUT.csv.")
        path, labels, region = self._csv_inputs(opts)
        missing = spark.missing_requirements()
        if missing:
            raise CommandError("the Spark engine needs " + " and ".join(missing) + ".")
        threshold = opts["match_probability"] if opts["match_probability"] is not None else 0.95
        try:
            report = spark.resolve_spark_csv(path, opts["output"], master=opts["spark_master"], threshold=threshold,
                                             default_region=region, labels=labels or ())
        except ValueError as exc:
            raise CommandError(f"cannot read {opts['input']}: {exc}") from None
        for a, b in report.label_conflicts[:20]:
            self.stderr.write(f"decided 'not the same' but still in one cluster: {a} {b}")
        self.stdout.write(report.summary())
        self.stdout.write(f"Written: {opts['output']}")

    def _database(self, *, min_probability: float, progress: bool) -> None:
        if not 0.0 < min_probability <= 1.0:
            raise CommandError("--min-probability must be in (0, 1].")
        stats = resolve_database(min_probability=min_probability, progress=progress)
        self.stdout.write(
            f"{stats['records']} person records resolved; {stats['pairs']} scored pairs; "
            f"{stats['created']} new proposals, {stats['updated']} updated, "
            f"{stats['skipped_decided']} left as decided by analysts; "
            f"{stats['label_conflicts']} decision conflicts.")

    def _reindex(self, *, match: bool, progress: bool) -> None:
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=0, desc="reindex", unit="person", file=sys.stderr)

        def tick(done: int, total: int) -> None:
            if bar is not None:
                bar.total = total
                bar.n = done
                bar.refresh()

        stats = reindex_all(match=match, progress=tick)
        if bar is not None:
            bar.close()
        vacuum_match_index()
        self.stdout.write(f"{stats['persons']} persons and {stats['cases']} cases indexed; "
                          f"{stats['candidates']} candidate pairs.")
