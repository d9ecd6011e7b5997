"""Extension points of the links app (see ``enlace.core.hooks``).

``hit_request_sent`` is called, in the same transaction, with ``request=`` (a
``links.InformationRequest``) when someone asks the holder of a hidden hit for information. The
cooperation app routes it to the holding institution's liaison for the department and escalates it
to the national liaison when it stays unanswered; links knows nothing of liaisons.

``hit_request_answerers`` is called with ``actor=`` wherever links decides who answers a request (the
incoming list, opening one, answering it); each handler returns a ``Q`` over
``links.InformationRequest`` naming the requests this actor answers besides those of the units they
supervise or are liaison of (``None`` for none). The cooperation app answers with the liaison posts
it routes by, so the requests routed to a liaison are the requests that liaison may open.
"""

from enlace.core.hooks import Hook

hit_request_sent = Hook("links.hit_request_sent")
hit_request_answerers = Hook("links.hit_request_answerers")
