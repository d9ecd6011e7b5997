"""What a section of a printable report is made of, without knowing how it is printed.

Why in core: the case file report is drawn by the ``reports`` app at the top, while the sections
come from apps of every layer (the evidence registry of ``prosecution`` registers its section on
``cases.hooks.case_report_sections``). Both sides speak these plain types; neither imports the
other, and the PDF library stays inside ``reports``.

Every text here is already what the reader may see: a contributor labels persons through the
identity gate (``persons.identity.person_labels``) with the ``reveals`` it is handed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReportText:
    text: str
    heading: bool = False  # a sub-heading inside the section (an exhibit, say)


@dataclass(frozen=True)
class ReportTable:
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class ReportSection:
    title: str
    order: int  # the case's own sections are 10 (summary) to 30 (timeline); others follow
    blocks: list[ReportText | ReportTable] = field(default_factory=list)
