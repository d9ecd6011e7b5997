"""Extension points of the cases app (see ``enlace.core.hooks``).

``case_assets_changed`` is called, in the same transaction and with ``case=``, for every case
holding a vehicle or bank account that a service changed. ``update_versioned`` writes with a
conditional UPDATE, which sends no ``post_save`` signal, so the matching app (``links``) could not
learn of it otherwise; it registers its case indexer here.

``case_page_links`` is called with ``actor=``, ``case=`` and ``full=`` (full access or not) when the
case page is drawn; a handler returns ``(label, url)`` or None. Apps above cases (the evidence
registry of ``prosecution``) put their link on the case page this way.

``case_report_sections`` is called with ``actor=``, ``case=`` (fully visible to the actor) and
``reveals=`` (the reader's reveals in force) when the case file report is drawn; a handler returns
a ``core.report.ReportSection`` or None. The evidence registry adds its items and their chain of
custody this way; the report app knows none of the apps that contribute.
"""

from enlace.core.hooks import Hook

case_assets_changed = Hook("cases.case_assets_changed")
case_page_links = Hook("cases.case_page_links")
case_report_sections = Hook("cases.case_report_sections")
