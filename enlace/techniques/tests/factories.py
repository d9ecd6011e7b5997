"""Builders for special techniques tests: an authorisation in the world's case."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from enlace.techniques.services import authorisation_create

SCOPE = "Phone line of the workshop owner, calls and messages"


def make_authorisation(w, *, actor=None, members=(), days: int = 30, start_offset: int = -5, **kw):
    today = timezone.localdate()
    fields = {"kind": "interception", "legal_basis": "Ley 1970 art. 36 (CPP)", "authority": "Juzgado de Instrucción 3",
              "judge": "Juez Mamani", "scope": SCOPE, "starts_on": today + dt.timedelta(days=start_offset),
              "expires_on": today + dt.timedelta(days=start_offset + days), "reference": "AUT-2026-17",
              "target_pseudonyms": ["EL TÍO"]}
    fields.update(kw)
    return authorisation_create(actor=actor or w["investigator"], case_id=w["case"].public_id,
                                member_ids=[m.pk for m in members], **fields)
