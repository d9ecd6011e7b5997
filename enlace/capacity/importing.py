"""Reading an attendance sheet (CSV or XLSX) into checked rows, before anything is written.

Columns (header row, English or Spanish): ``name``/``nombre`` (required), ``attended``/``asistio``,
``completed``/``aprobo``, ``certificate_on``/``fecha_certificado``. Yes/no cells accept
yes/no, sí/no, 1/0, x/blank. Dates: ISO (2010-05-14), day/month/year (14/05/2010) or a
spreadsheet date.

Why parse apart from writing: the import is all-or-nothing; every row is checked first and the
report lists every problem at once, so the person fixing the sheet does it in one go.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
HEADERS = {
    "name": "name", "nombre": "name", "nome": "name", "full_name": "name",
    "attended": "attended", "asistio": "attended", "asistencia": "attended", "presente": "attended",
    "completed": "completed", "aprobo": "completed", "completado": "completed", "concluiu": "completed",
    "certificate_on": "certificate_on", "fecha_certificado": "certificate_on", "certificado": "certificate_on",
    "data_certificado": "certificate_on",
}
YES = {"yes", "y", "si", "s", "sim", "1", "x", "true"}
NO = {"no", "n", "nao", "0", "", "false"}


def name_key(name: str) -> str:
    """Accents, case, punctuation and word order ignored: "QUISPE APAZA, Ramiro" = "Ramiro Quispe Apaza"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(sorted(re.findall(r"[a-z]+", plain)))


@dataclass
class SheetRow:
    line: int
    name: str
    attended: bool
    completed: bool
    certificate_on: dt.date | None


@dataclass
class Sheet:
    rows: list[SheetRow] = field(default_factory=list)
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def _plain(value) -> str:
    text = "" if value is None else str(value).strip()
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def _flag(value, default: bool) -> bool | None:
    if value is None or str(value).strip() == "":
        return default
    text = _plain(value)
    return True if text in YES else False if text in NO else None


def _date(value) -> dt.date | None | str:
    """A date, None for an empty cell, or "" when the cell cannot be read as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return ""


def _table(data: bytes, filename: str) -> list[list]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook  # optional heavy dependency, only for spreadsheets

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    text = data.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _row(line: int, cells: dict, sheet: Sheet) -> None:
    name = str(cells.get("name") or "").strip()
    attended, completed = _flag(cells.get("attended"), True), _flag(cells.get("completed"), False)
    cert = _date(cells.get("certificate_on"))
    problems = []
    if not name:
        problems.append(_("no name"))
    if attended is None or completed is None:
        problems.append(_("attended and completed must be yes or no"))
    if cert == "":
        problems.append(_("the certificate date is not a date"))
    if completed and attended is False:
        problems.append(_("completed without attending"))
    if problems:
        sheet.invalid.append((line, "; ".join(problems)))
    else:
        sheet.rows.append(SheetRow(line, name, bool(attended), bool(completed),
                                   cert if isinstance(cert, dt.date) else None))


def read_sheet(data: bytes, filename: str) -> Sheet:
    """Every row checked; a file that cannot be read at all is one invalid "row 0"."""
    sheet = Sheet()
    if len(data) > MAX_BYTES:
        sheet.invalid.append((0, _("The file is larger than 2 MB.")))
        return sheet
    try:
        table = _table(data, filename)
    except Exception:  # any unreadable upload (bad zip, bad encoding): reported, never a 500
        sheet.invalid.append((0, _("The file could not be read as CSV (UTF-8) or XLSX.")))
        return sheet
    if not table or len(table) > MAX_ROWS + 1:
        sheet.invalid.append((0, _("The file is empty or has more than 5000 rows.")))
        return sheet
    columns = [HEADERS.get(_plain(h).replace(" ", "_")) for h in table[0]]
    if "name" not in columns:
        sheet.invalid.append((1, _("No \"name\" column in the first row.")))
        return sheet
    seen: dict[str, int] = {}
    for line, raw in enumerate(table[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in raw):
            continue
        cells = {col: raw[i] for i, col in enumerate(columns) if col and i < len(raw)}
        key = name_key(str(cells.get("name") or ""))
        if key and key in seen:
            sheet.invalid.append((line, _("the same name as row %(line)s") % {"line": seen[key]}))
            continue
        seen[key] = line
        _row(line, cells, sheet)
    return sheet
