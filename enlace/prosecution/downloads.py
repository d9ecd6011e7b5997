"""How an evidence file leaves the server, for the pages and the API alike (one rule, one place)."""

from __future__ import annotations

from django.http import StreamingHttpResponse


def file_response(evidence_file, chunks, *, prefix: str = "evidence") -> StreamingHttpResponse:
    """Never inline: an attachment, its sniffed type, no sniffing by the browser, no cache. The name
    is the record's number, never the uploaded name (it may identify someone)."""
    response = StreamingHttpResponse(chunks, content_type=evidence_file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{prefix}-{evidence_file.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Length"] = str(evidence_file.size)
    return response
