"""Extension points of the cases app (see ``enlace.core.hooks``).

``case_assets_changed`` is called, in the same transaction and with ``case=``, for every case
holding a vehicle or bank account that a service changed. ``update_versioned`` writes with a
conditional UPDATE, which sends no ``post_save`` signal, so the matching app (``links``) could not
learn of it otherwise; it registers its case indexer here.

``case_page_links`` is called with ``actor=``, ``case=`` and ``full=`` (full access or not) when the
case page is drawn; a handler returns ``(label, url)`` or None. Apps above cases (the evidence
registry of ``prosecution``) put their link on the case page this way.
"""

from enlace.core.hooks import Hook

case_assets_changed = Hook("cases.case_assets_changed")
case_page_links = Hook("cases.case_page_links")
