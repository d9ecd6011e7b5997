"""``enlace resolve``: batch entity resolution of person records.

    enlace resolve INPUT.csv --output OUT.csv [--pairs PAIRS.csv]   # a spreadsheet
    enlace resolve --database [--min-probability 0.5]                # every person, into the review queue
    enlace resolve --reindex [--no-match]                            # rebuild the real-time match index

The CSV mode wraps ``enlace.links.engine.resolve_csv``: OUT.csv has ``record_id,cluster_id``
for every input row; rows that cannot be read are reported with their line numbers on
standard error and the run goes on. An input that cannot be read at all is an error (exit
status 1). Columns: record_id, given_names, surnames, birth_date, sex, nationality,
document_number, phone, email, city, country (unknown ones ignored, missing ones allowed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.links.batch import resolve_database
from enlace.links.engine import resolve_csv
from enlace.links.services import reindex_all, vacuum_match_index


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

    def handle(self, *args: Any, **opts: Any) -> None:
        modes = [bool(opts["input"]), opts["database"], opts["reindex"]]
        if sum(modes) != 1:
            raise CommandError("Give exactly one of: INPUT.csv (with --output), --database, --reindex.")
        progress = not opts["no_progress"]
        if opts["reindex"]:
            return self._reindex(match=not opts["no_match"], progress=progress)
        if opts["database"]:
            return self._database(min_probability=opts["min_probability"], progress=progress)
        return self._csv(opts["input"], opts["output"], opts["pairs"], opts["region"], progress)

    def _csv(self, input_path: str, output: str | None, pairs: str | None, region: str, progress: bool) -> None:
        import pyarrow as pa
        from django.conf import settings

        if not output:
            raise CommandError("--output OUT.csv is required with an input file.")
        path = Path(input_path)
        try:
            with path.open("rb") as fh:
                fh.read(1)
        except OSError as exc:
            raise CommandError(f"cannot read {input_path}: {exc.strerror or exc}") from None
        try:
            report = resolve_csv(path, output, pairs_path=pairs, progress=progress,
                                 default_region=(region or settings.ENLACE_DEFAULT_COUNTRY).upper())
        except (ValueError, UnicodeDecodeError, pa.ArrowInvalid) as exc:
            raise CommandError(f"cannot read {input_path}: {exc}") from None
        except OSError as exc:
            raise CommandError(f"cannot write the output: {exc.strerror or exc}") from None
        for bad in report.bad_rows:
            rid = f" (record {bad.record_id})" if bad.record_id else ""
            self.stderr.write(f"line {bad.line}: {bad.reason}{rid}")
        self.stdout.write(report.summary())
        self.stdout.write(f"Written: {output}" + (f", pairs: {pairs}" if pairs else ""))

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
