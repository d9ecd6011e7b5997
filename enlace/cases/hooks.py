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
``case_person_added`` is called, in the same transaction, with ``actor=``, ``case=`` and
``case_person=`` when a person is put in a case; the matching app (``links``) tells the case team
of the person's hits. ``person_added_url`` is asked, with ``case=`` and ``person=``, where the user
lands after adding a person: the first URL a handler returns (the page that confirms the addition
with its hits), else the case's persons tab.
"""

from enlace.core.hooks import Hook

case_assets_changed = Hook("cases.case_assets_changed")
case_page_links = Hook("cases.case_page_links")
case_report_sections = Hook("cases.case_report_sections")
case_person_added = Hook("cases.case_person_added")
person_added_url = Hook("cases.person_added_url")
