"""The one streamed upload rule for evidence files and attachments: the type read from the first
bytes, the size counted while the file streams into the encrypted store, never held whole in memory.

Why one module: an exhibit's photo and a photo attached to a note are the same kind of file on
the same disk; the limit, the accepted kinds and the refusal must not drift between them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from enlace.core.storage import EncryptedFileStore, StoredFile

from .sniffing import SNIFF_BYTES, sniff

CHUNK = 64 * 1024


def upload_limit() -> int:
    return settings.ENLACE_EVIDENCE_UPLOAD_MAX_BYTES


def _limited(source: Iterable[bytes], limit: int, head: bytes) -> Iterator[bytes]:
    total = len(head)
    if total > limit:
        raise ValidationError({"file": _("The file is larger than the upload limit.")})
    yield head
    for chunk in source:
        total += len(chunk)
        if total > limit:
            raise ValidationError({"file": _("The file is larger than the upload limit.")})
        yield chunk


def sniff_upload(stream) -> tuple[str, bytes]:
    """The accepted content type of the stream and the bytes read to tell it; refused otherwise."""
    head = stream.read(SNIFF_BYTES)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError({"file": _("This kind of file is not accepted (PDF, PNG, JPEG, MP3, MP4, ZIP or plain "
                                         "text).")})
    return content_type, head


def store_upload(stream, head: bytes, *, context: str, store: EncryptedFileStore, limit: int | None = None) -> StoredFile:
    """Encrypt the rest of the stream after ``head``; a file over the limit leaves nothing on disk."""
    chunks = iter(lambda: stream.read(CHUNK), b"")
    return store.write(_limited(chunks, limit if limit is not None else upload_limit(), head), context=context)
