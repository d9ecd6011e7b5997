"""Files for download: dashboard tables and national statistics as CSV (neutralised for spreadsheets)
and XLSX. Rendering only: the figures come from selectors and services."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from enlace.core.csvsafe import SafeWriter, neutralise


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    SafeWriter(buffer).writerows(rows)
    return buffer.getvalue()


def xlsx_bytes(rows: Iterable[Sequence[object]], *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
