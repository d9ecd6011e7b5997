"""resolve_csv: CSV in, `record_id,cluster_id` out for every row, bad rows reported.

Why a tolerant reader: analysts export from spreadsheets. One row with an extra comma or
a blank id must not cost them the whole run, and no row may silently disappear from the
output, so bad rows are listed with their line numbers and still written (as their own
cluster) whenever they carry a record_id.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from enlace.core import csvsafe

from .resolve import Resolution, Settings, resolve_records


@dataclass
class BadRow:
    line: int
    reason: str
    record_id: str | None = None


@dataclass
class ResolveReport:
    rows_read: int
    rows_resolved: int
    rows_written: int
    clusters: int
    pairs_written: int
    bad_rows: list[BadRow] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    resolution: Resolution | None = None

    def summary(self) -> str:
        text = (f"{self.rows_read} rows read, {self.rows_resolved} resolved into {self.clusters} clusters, "
                f"{self.rows_written} written, {len(self.bad_rows)} bad rows, {self.pairs_written} pairs")
        choice = self.resolution.threshold if self.resolution is not None else None
        if choice is None:
            return text
        return (f"{text}; linked at match probability {choice.probability:g} (the model's estimate: "
                f"precision {choice.est_precision:.3f}, recall {choice.est_recall:.3f})")


def _read(path: Path) -> tuple[pa.Table, np.ndarray, list[BadRow], list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), [])
    header = [h.strip() for h in header]
    bad: list[BadRow] = []
    rid_pos = header.index("record_id") if "record_id" in header else None

    def handler(row) -> str:
        rid = None
        if rid_pos is not None:
            fields = next(csv.reader(io.StringIO(row.text)), [])
            rid = fields[rid_pos].strip() if len(fields) > rid_pos and fields[rid_pos].strip() else None
        bad.append(BadRow(int(row.number), f"expected {row.expected_columns} columns, found {row.actual_columns}", rid))
        return "skip"

    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(use_threads=False, column_names=header, skip_rows=1, encoding="utf8"),
        parse_options=pacsv.ParseOptions(invalid_row_handler=handler, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(column_types={h: pa.string() for h in header}, strings_can_be_null=False),
    )
    # Line of each parsed row: the k-th line (from 2) that was not reported as invalid.
    invalid = np.array(sorted(b.line for b in bad), dtype=np.int64)
    candidates = np.arange(2, table.num_rows + invalid.size + 2, dtype=np.int64)
    lines = candidates[~np.isin(candidates, invalid)][: table.num_rows]
    return table, lines, bad, header


def resolve_csv(
    input_path: str | Path,
    output_path: str | Path,
    *,
    pairs_path: str | Path | None = None,
    progress: bool = False,
    default_region: str = "BO",
    labels=None,
    settings: Settings | None = None,
    min_pair_probability: float = 0.05,
) -> ResolveReport:
    """Resolve a CSV of person records; see docs/linking.md for columns and output."""
    import time

    t0 = time.perf_counter()
    table, lines, bad, header = _read(Path(input_path))
    t_read = time.perf_counter() - t0
    if "record_id" not in header:
        raise ValueError("the CSV has no record_id column")
    rid = pc.utf8_trim_whitespace(table.column("record_id")).to_numpy(zero_copy_only=False).astype(object)
    missing = rid == ""
    # Duplicates: the first occurrence is resolved, later ones are reported and kept apart.
    _, first_idx = np.unique(rid, return_index=True)
    dup = np.ones(rid.size, dtype=bool)
    dup[first_idx] = False
    dup &= ~missing
    for i in np.flatnonzero(missing):
        bad.append(BadRow(int(lines[i]), "missing record_id"))
    for i in np.flatnonzero(dup):
        bad.append(BadRow(int(lines[i]), "duplicate record_id (kept as its own cluster)", rid[i]))
    good = np.flatnonzero(~missing & ~dup)
    table = table.set_column(table.column_names.index("record_id"), "record_id", pa.array(rid, pa.string()))
    res = resolve_records(table.take(pa.array(good)), default_region=default_region, progress=progress,
                          labels=labels, settings=settings)
    t1 = time.perf_counter()

    # Output in file order: resolved rows, duplicates and bad rows with an id, by line.
    out_lines = [lines[good]]
    out_ids = [rid[good]]
    out_cluster = [res.cluster_ids.astype(np.int64)]
    next_cluster = int(res.cluster_ids.max(initial=-1)) + 1
    extra = [(int(lines[i]), rid[i]) for i in np.flatnonzero(dup)]
    extra += [(b.line, b.record_id) for b in bad if b.record_id is not None and b.reason.startswith("expected")]
    if extra:
        out_lines.append(np.array([e[0] for e in extra], dtype=np.int64))
        out_ids.append(np.array([e[1] for e in extra], dtype=object))
        out_cluster.append(np.arange(next_cluster, next_cluster + len(extra), dtype=np.int64))
    all_lines = np.concatenate(out_lines)
    order = np.argsort(all_lines, kind="stable")
    ids = np.concatenate(out_ids)[order]
    clusters = np.concatenate(out_cluster)[order]
    out = pa.table({"record_id": pa.array(ids, pa.string()), "cluster_id": pa.array(clusters, pa.int64())})
    pacsv.write_csv(csvsafe.neutralise_arrow(out), output_path, pacsv.WriteOptions(quoting_style="needed"))
    pairs_written = 0
    if pairs_path is not None:
        frame = res.pairs_frame(min_probability=min_pair_probability)
        csvsafe.neutralise_frame(frame).to_csv(pairs_path, index=False)
        pairs_written = len(frame)
    bad.sort(key=lambda b: b.line)
    timings = {"read": round(t_read, 3), **res.timings, "write": round(time.perf_counter() - t1, 3)}
    return ResolveReport(
        rows_read=int(table.num_rows + sum(1 for b in bad if b.reason.startswith("expected"))),
        rows_resolved=int(good.size), rows_written=int(out.num_rows),
        clusters=int(np.unique(clusters).size), pairs_written=pairs_written, bad_rows=bad,
        timings=timings, resolution=res,
    )


_TRUE, _FALSE = {"1", "true", "yes", "same", "y", "t"}, {"0", "false", "no", "not_same", "n", "f"}


def read_labels(path: str | Path) -> list[tuple[str, str, bool]]:
    """Analysts' decisions from a CSV (record_id_a, record_id_b, same): the engines' ``labels``."""
    labels = []
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not {"record_id_a", "record_id_b", "same"} <= set(reader.fieldnames or ()):
            raise ValueError("the labels CSV needs the columns record_id_a, record_id_b, same")
        for line, row in enumerate(reader, start=2):
            same = (row["same"] or "").strip().lower()
            if same not in _TRUE | _FALSE:
                raise ValueError(f"labels line {line}: 'same' must be true or false")
            labels.append(((row["record_id_a"] or "").strip(), (row["record_id_b"] or "").strip(), same in _TRUE))
    return labels
