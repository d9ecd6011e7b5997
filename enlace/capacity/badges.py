"""A certificate as an Open Badges 3.0 ``OpenBadgeCredential`` (1EdTech OB 3.0, W3C VC data model 2.0).

Unsigned JSON-LD unless an issuer key is configured; then the download is the same credential
signed as a VC-JWT (``badge_signing.py``). The recipient is an ``IdentityObject`` holding a salted SHA-256 of the name,
so the file can be checked against a name without carrying it in clear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings

from .models import Participation
from .vocabulary import Competency, Provider

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _instant(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _issuer() -> dict[str, Any]:
    configured = getattr(settings, "ENLACE_BADGE_ISSUER", {}) or {}
    return {"id": configured.get("id", "urn:enlace:issuer"), "type": ["Profile"],
            "name": configured.get("name", "Enlace")}


def open_badge(participation: Participation) -> dict[str, Any]:
    course = participation.session.course
    staff = participation.staff
    salt = participation.certificate_uid.hex
    identity_hash = hashlib.sha256((staff.full_name.strip() + salt).encode()).hexdigest()
    achievement = {
        "id": f"urn:enlace:course:{course.pk}",
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": course.title,
        "description": "; ".join(course.modules) or course.title,
        "criteria": {"narrative": f"Attended and completed the course ({course.hours} h, {course.modality})."},
        "creator": {"id": f"urn:enlace:provider:{course.provider}", "type": ["Profile"],
                    "name": course.provider_name or str(Provider(course.provider).label)},
        "tag": [str(Competency(c).label) for c in course.competencies if c in Competency.values],
    }
    credential: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{participation.certificate_uid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": _issuer(),
        "name": course.title,
        "validFrom": _instant(participation.certificate_on or participation.session.ends_on),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityHash": f"sha256${identity_hash}",
                            "identityType": "name", "hashed": True, "salt": salt}],
            "achievement": achievement,
        },
    }
    if participation.certificate_expires_on:
        credential["validUntil"] = _instant(participation.certificate_expires_on)
    return credential
