"""Spreadsheet-safe cells for every CSV export (OWASP CSV injection).

Why: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as
a formula by Excel, LibreOffice and Google Sheets; a case titled ``=HYPERLINK("http://evil",
"x")`` would become a live link (or worse) on the analyst's machine. Such cells get a leading
single quote, which spreadsheets show as text. Every export writes through this module: the
``writer`` for row-by-row CSV, ``neutralise_arrow`` and ``neutralise_frame`` for columnar
outputs.
"""

from __future__ import annotations

import csv
import re
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TRIGGER_PATTERN = r"^[=+\-@\t\r]"
_TRIGGER_RE = re.compile(TRIGGER_PATTERN)


def neutralise(value: Any) -> Any:
    """The value, with a leading quote when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose rows are neutralised cell by cell."""

    def __init__(self, fh, **kwargs):
        self._w = csv.writer(fh, **kwargs)

    def writerow(self, row) -> None:
        self._w.writerow([neutralise(v) for v in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def writer(fh, **kwargs) -> SafeWriter:
    return SafeWriter(fh, **kwargs)


def neutralise_arrow(table):
    """A pyarrow table with every text column neutralised (vectorised: batch outputs run to millions)."""
    import pyarrow as pa  # noqa: PLC0415 (heavy optional import, only for columnar exports)
    import pyarrow.compute as pc  # noqa: PLC0415

    for i, field in enumerate(table.schema):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            col = table.column(i)
            fixed = pc.if_else(pc.match_substring_regex(col, TRIGGER_PATTERN), pc.binary_join_element_wise("'", col, ""),
                               col)
            table = table.set_column(i, field, fixed)
    return table


def neutralise_frame(frame):
    """A pandas frame with every text (object) column neutralised."""
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object:
            out[name] = out[name].map(neutralise)
    return out
