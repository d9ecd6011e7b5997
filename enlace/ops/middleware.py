"""Request ids: one opaque id per request, in the response header, the access log and every log line.

Why: an operator matches a user's report ("error at 10:42, id 3f2a…") to the log lines of that
request without anyone copying a URL, a query or a name. A well-formed X-Request-ID from the
reverse proxy is kept, so nginx's log and ours share the id; anything else is replaced.
"""

from __future__ import annotations

import re
import uuid

from enlace.core.logging import request_id

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[HEADER] = rid
        return response
