"""Extension points of the persons app (see ``enlace.core.hooks``).

``person_saved`` is called by every persons service that changes what a person is matched on
(names, identifiers, date of birth, ...), in the same transaction, with ``person=``. The matching
app (``links``, a higher layer) registers its indexer there, so a saved person is indexed and
compared with everyone before the transaction commits, without persons importing links.
"""

from enlace.core.hooks import Hook

person_saved = Hook("persons.person_saved")
