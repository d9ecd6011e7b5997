"""resolve_csv: every row is written, bad rows are reported with their line numbers."""

from __future__ import annotations

import csv

from enlace.links.engine import resolve_csv

HEADER = "record_id,given_names,surnames,birth_date,sex,phone,document_number,city,notes\n"
BODY = (
    "r1,Francisco,Choque Apaza,14/02/1988,M,71112222,5551234 LP,Oruro,first visit\n"
    "r2,Pancho,Choque Apaza,1988-02-14,M,+591 7111 2222,5.551.234,Oruro,\n"
    "r3,Luis,Choque Apaza\n"  # line 4: too few columns
    "\n"  # line 5: empty line, no record_id
    ",Ana,Tzoc,1999,F,,,Cobán,\n"  # line 6: missing record_id
    "r1,Other,Person,1970,F,,,,\n"  # line 7: duplicate record_id
    'r4,"Rosa, María",Caal Choc,01/01/1975,F,,,Cobán,"comma, inside quotes"\n'
    "r5,Ana,Tzoc,1999,F,,,Cobán,extra,columns,here\n"  # line 9: too many columns
    "r6,Francisco,Choque Apaza,14/02/1988,M,,,,\n"
)


def _run(tmp_path, **kwargs):
    src = tmp_path / "in.csv"
    src.write_text(HEADER + BODY, encoding="utf-8")
    out = tmp_path / "out.csv"
    report = resolve_csv(src, out, **kwargs)
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return report, rows


def test_every_row_with_an_id_is_written_in_file_order(tmp_path):
    report, rows = _run(tmp_path)
    assert [r["record_id"] for r in rows] == ["r1", "r2", "r3", "r1", "r4", "r5", "r6"]
    assert all(r["cluster_id"] != "" for r in rows)
    assert report.rows_written == 7


def test_bad_rows_are_reported_with_line_numbers(tmp_path):
    report, rows = _run(tmp_path)
    bad = {b.line: b for b in report.bad_rows}
    assert set(bad) == {4, 5, 6, 7, 9}
    assert "columns" in bad[4].reason and bad[4].record_id == "r3"
    assert "missing record_id" in bad[5].reason
    assert "missing record_id" in bad[6].reason
    assert "duplicate" in bad[7].reason
    assert "columns" in bad[9].reason and bad[9].record_id == "r5"


def test_duplicates_cluster_and_bad_rows_are_singletons(tmp_path):
    report, rows = _run(tmp_path)
    cluster = [r["cluster_id"] for r in rows]
    first_r1, r2, r3, dup_r1, r4, r5, r6 = cluster
    assert first_r1 == r2 == r6
    assert len({first_r1, r3, dup_r1, r4, r5}) == 5


def test_pairs_file_has_scores_and_reasons(tmp_path):
    pairs = tmp_path / "pairs.csv"
    report, _ = _run(tmp_path, pairs_path=pairs, progress=True)
    with pairs.open(encoding="utf-8") as fh:
        got = list(csv.DictReader(fh))
    assert report.pairs_written == len(got) > 0
    r1r2 = next(p for p in got if {p["record_id_a"], p["record_id_b"]} == {"r1", "r2"})
    assert float(r1r2["match_probability"]) > 0.9
    assert "given=nickname_or_first_name" in r1r2["reasons"]
    assert "document=exact" in r1r2["reasons"]


def test_record_ids_that_start_a_formula_are_written_as_text(tmp_path):
    """The output echoes the input's record ids: one crafted as a formula must not run in a spreadsheet."""
    src = tmp_path / "in.csv"
    src.write_text(HEADER + '"=HYPERLINK(""http://evil.example"",""x"")",Ana,Tzoc,1999,F,,,Cobán,\n'
                   "-2+3,Ana,Tzoc,1999,F,,,Cobán,\n", encoding="utf-8")
    out, pairs = tmp_path / "out.csv", tmp_path / "pairs.csv"
    resolve_csv(src, out, pairs_path=pairs, min_pair_probability=0.0)
    with out.open(encoding="utf-8") as fh:
        ids = [r["record_id"] for r in csv.DictReader(fh)]
    assert ids == ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'-2+3"]
    with pairs.open(encoding="utf-8") as fh:
        cells = [c for row in list(csv.reader(fh))[1:] for c in row]
    assert not [c for c in cells if c[:1] in ("=", "@", "\t", "\r")]
    assert not [c for c in cells if c[:1] in ("+", "-") and not c.lstrip("+-").replace(".", "").isdigit()]
