"""Extension points of the links app (see ``enlace.core.hooks``).

``hit_request_sent`` is called, in the same transaction, with ``request=`` (a
``links.InformationRequest``) when someone asks the holder of a hidden hit for information. The
cooperation app routes it to the holding institution's liaison for the department and escalates it
to the national liaison when it stays unanswered; links knows nothing of liaisons.
"""

from enlace.core.hooks import Hook

hit_request_sent = Hook("links.hit_request_sent")
