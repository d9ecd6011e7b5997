"""The case file report drawn as PDF with ReportLab (pure Python, installable from pip alone).

Every page carries, in its header and footer, who the report was made for and when, and the page
number: a printed page found on a desk says whose copy it is. Text is escaped before ReportLab's
paragraph markup sees it, so what users typed cannot change the layout.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from enlace.core.report import ReportTable

from .selectors import CaseReport

MARGIN = 18 * mm


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {"title": base["Title"], "h2": base["Heading2"], "h3": base["Heading4"], "body": base["BodyText"],
            "cell": ParagraphStyle("cell", parent=base["BodyText"], fontSize=8, leading=10)}


def _table(block: ReportTable, styles: dict[str, ParagraphStyle], width: float) -> Table:
    cell = styles["cell"]
    data = [[Paragraph(f"<b>{escape(str(c))}</b>", cell) for c in block.columns]]
    data += [[Paragraph(escape(str(v)), cell) for v in row] for row in block.rows]
    table = Table(data, colWidths=[width / len(block.columns)] * len(block.columns), repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _stamp(report: CaseReport):
    when = date_format(timezone.localtime(report.generated_at), "DATETIME_FORMAT")
    mark = _("Made for %(reader)s on %(when)s · Restricted: do not copy or pass on") % {"reader": report.reader, "when": when}
    title = _("Case file %(case)s") % {"case": report.case.reference_label()}

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        width, height = A4
        canvas.drawString(MARGIN, height - 10 * mm, f"{title} · {mark}")
        canvas.drawString(MARGIN, 8 * mm, mark)
        canvas.drawRightString(width - MARGIN, 8 * mm, _("Page %(page)s") % {"page": doc.page})
        canvas.restoreState()

    return draw


def render_pdf(report: CaseReport) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=_("Case file report"), author="Enlace",
                            subject=_("Case file %(case)s") % {"case": report.case.reference_label()})
    styles = _styles()
    story: list = [Paragraph(escape(_("Case file report: %(title)s") % {"title": report.case.title}), styles["title"])]
    for section in report.sections:
        story.append(Paragraph(escape(section.title), styles["h2"]))
        for block in section.blocks:
            if isinstance(block, ReportTable):
                story += [_table(block, styles, doc.width), Spacer(1, 3 * mm)]
            else:
                story.append(Paragraph(escape(block.text), styles["h3" if block.heading else "body"]))
    stamp = _stamp(report)
    doc.build(story, onFirstPage=stamp, onLaterPages=stamp)
    return out.getvalue()
