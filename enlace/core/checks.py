"""Deployment checks (``enlace check --deploy``): no production run with missing or weak keys.

Why Error, not Warning: with no field keys nothing can be read or written; with a weak key
(too short, all one byte, a handful of distinct bytes), a development key file carried into
production, or the blind-index key equal to a field key, the encryption protects nothing
against whoever guesses or copied it. The audit key is checked here too, through a provider
the audit app registers (core does not import the apps above it).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from . import crypto

MIN_DISTINCT_BYTES = 16  # 32 random bytes have ~30 distinct values; fewer than 16 is not random
# Other key sets to check: name -> function returning their material ({"keys": {...}, ...}).
KEY_PROVIDERS: dict[str, Callable[[], dict]] = {}


def weakness(value: str) -> str:
    """Why a base64 key is unfit ("" when it looks random and is 32 bytes)."""
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError, TypeError):
        return "not valid base64"
    if len(raw) != 32:
        return f"{len(raw)} bytes instead of 32"
    if len(set(raw)) < MIN_DISTINCT_BYTES:
        return "not random (too few distinct bytes, e.g. all zero)"
    return ""


def _material_errors(name: str, data: dict, code: str, extra: dict[str, str] | None = None) -> list[Error]:
    errors = []
    if data.get("origin") == crypto.DEV_ORIGIN:
        errors.append(Error(f"The {name} come from a key file created by the development settings.",
                            hint="Generate production keys and pass them in the environment (docs/security.md).",
                            id=f"{code}2"))
    for kid, value in {**data.get("keys", {}), **(extra or {})}.items():
        why = weakness(value)
        if why:
            errors.append(Error(f"The {name}: key {kid!r} is weak: {why}.", id=f"{code}3"))
    return errors


@register(Tags.security, deploy=True)
def check_keys(app_configs=None, **kwargs) -> list[Error]:
    errors: list[Error] = []
    try:
        data = crypto.read_key_material()
    except (ImproperlyConfigured, ValueError, OSError) as exc:
        errors.append(Error(f"No field-encryption keys: {exc}", hint="Set ENLACE_FIELD_KEYS.", id="enlace.E001"))
    else:
        bidx = data.get("blind_index_key") or ""
        errors += _material_errors("field keys", data, "enlace.E00", {"blind_index_key": bidx})
        if bidx and bidx in data.get("keys", {}).values():
            errors.append(Error("The blind-index key equals a field key.", id="enlace.E004"))
    for name, provider in KEY_PROVIDERS.items():
        try:
            material = provider()
        except (ImproperlyConfigured, ValueError, OSError) as exc:
            errors.append(Error(f"No {name}: {exc}", id="enlace.E011"))
            continue
        errors += _material_errors(name, material, "enlace.E01")
    return errors
