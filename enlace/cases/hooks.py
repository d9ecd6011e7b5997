"""Extension points of the cases app (see ``enlace.core.hooks``).

``case_assets_changed`` is called, in the same transaction and with ``case=``, for every case
holding a vehicle or bank account that a service changed. ``update_versioned`` writes with a
conditional UPDATE, which sends no ``post_save`` signal, so the matching app (``links``) could not
learn of it otherwise; it registers its case indexer here.
"""

from enlace.core.hooks import Hook

case_assets_changed = Hook("cases.case_assets_changed")
