"""What a file is, from its first bytes (never from its name or the browser's claim).

A small table of the kinds evidence comes in. Anything else is refused: a file that is not one of
these (an HTML page, a script, an executable) has no business in the registry, and even an
accepted file is only ever served as an attachment.
"""

from __future__ import annotations

SNIFF_BYTES = 512

_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "application/pdf"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"ID3", "audio/mpeg"),
    (4, b"ftyp", "video/mp4"),
    (0, b"PK\x03\x04", "application/zip"),
)
_MP3_FRAME = (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")
_HTML_STARTS = (b"<!doctype", b"<html", b"<script", b"<head", b"<body", b"<svg", b"<?xml")


def sniff(head: bytes) -> str | None:
    """The content type of a file starting with ``head``, or None when it is not an accepted kind."""
    for offset, signature, content_type in _SIGNATURES:
        if head[offset:offset + len(signature)] == signature:
            return content_type
    if head[:2] in _MP3_FRAME:
        return "audio/mpeg"
    return "text/plain" if _is_plain_text(head) else None


def _is_plain_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    if head.lstrip().lower().startswith(_HTML_STARTS):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a character cut by the sniffing window is still text
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True
