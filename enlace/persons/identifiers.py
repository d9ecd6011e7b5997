"""Normalising and indexing identifiers when they are saved.

One place where the persons app turns what an officer typed into the canonical form used
for matching (the normalisers live in ``enlace.normalize``) and into HMAC blind
indexes, so exact matches work on encrypted columns.
"""

from __future__ import annotations

from enlace.core.crypto import blind_index
from enlace.normalize import (
    normalize_account,
    normalize_document,
    normalize_email,
    normalize_phone,
    normalize_plate,
)


def phone_index(raw: str, *, default_region: str) -> tuple[str, str]:
    """(E.164 or '' when not a valid number, blind index or '')."""
    result = normalize_phone(raw, default_region=default_region)
    if not result.e164:
        return "", ""
    return result.e164, blind_index(result.e164, purpose="phone")


def document_index(raw: str, *, doc_type: str, country: str) -> tuple[str, str]:
    # Enlace's "national_id" is each country's own card (CI, DNI, DPI, cédula): let the
    # normaliser pick the country's national document type.
    result = normalize_document(raw, doc_type=None if doc_type in ("national_id", "other") else doc_type,
                                country=country or None)
    number = result.number
    # Country is part of the key: the same digits in two countries are two documents.
    return number, blind_index(f"{(result.country or country or '').upper()}:{number}", purpose="document")


def email_index(raw: str) -> tuple[str, str]:
    value = normalize_email(raw) or raw.strip().lower()
    return value, blind_index(value, purpose="email")


def handle_key(platform: str, raw: str) -> str:
    """``platform:handle`` in the one form that is indexed and matched ('' when there is no handle).

    The blind index below and the matching keys (``enlace.links.matching``) both use it, so a
    handle typed as ``@Juana_Q`` on ``TikTok`` and ``juana_q`` on ``tiktok`` are the same key.
    """
    value = raw.strip().lstrip("@").lower()
    return f"{platform.strip().lower()}:{value}" if value else ""


def handle_index(platform: str, raw: str) -> str:
    return blind_index(handle_key(platform, raw), purpose="handle")


def account_index(raw: str, *, country: str = "") -> str:
    return blind_index(normalize_account(raw, country=country or None).number, purpose="account")


def plate_key(raw: str, *, country: str = "") -> str:
    return normalize_plate(raw, country=country or None).plate_key
