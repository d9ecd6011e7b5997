"""Signing an Open Badges 3.0 credential as a VC-JWT (compact JWS, ``alg: EdDSA``) with the issuer's
Ed25519 key, when one is configured (``ENLACE_BADGE_ISSUER_KEY_FILE``: a PEM PKCS#8 private key).

Why a JWT and not an embedded Data Integrity proof: OB 3.0 accepts both; the JWT needs no RDF
canonicalisation (``eddsa-rdfc-2022`` would need a JSON-LD processor and the contexts offline).
The payload is the credential with the registered claims ``iss``, ``jti``, ``nbf`` (and ``exp``).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.conf import settings


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def issuer_key() -> Ed25519PrivateKey | None:
    path = getattr(settings, "ENLACE_BADGE_ISSUER_KEY_FILE", "") or ""
    if not path:
        return None
    key = load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("ENLACE_BADGE_ISSUER_KEY_FILE must hold an Ed25519 private key")
    return key


def _epoch(instant: str) -> int:
    return int(dt.datetime.fromisoformat(instant.replace("Z", "+00:00")).timestamp())


def sign_credential(credential: dict[str, Any], key: Ed25519PrivateKey) -> str:
    header = {"alg": "EdDSA", "typ": "JWT", "kid": f"{credential['issuer']['id']}#key-1"}
    claims = {**credential, "iss": credential["issuer"]["id"], "jti": credential["id"],
              "nbf": _epoch(credential["validFrom"])}
    if "validUntil" in credential:
        claims["exp"] = _epoch(credential["validUntil"])
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims, ensure_ascii=False).encode())}"
    return f"{signing_input}.{_b64(key.sign(signing_input.encode()))}"
