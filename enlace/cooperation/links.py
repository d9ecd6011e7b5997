"""International cooperation from the case page (registered on ``cases.hooks.case_page_links``):
a notice, an MLA request or a joint investigation team is recorded from the case it concerns, so
it is linked to it. Shown only to those with full access, who alone may link a case."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _


def notice_link(*, actor, case, full: bool):
    return (_("INTERPOL notice"), reverse("cooperation:notice_create", args=[case.public_id])) if full else None


def mla_link(*, actor, case, full: bool):
    return (_("MLA request"), f"{reverse('cooperation:mla_create')}?case={case.public_id}") if full else None


def jit_link(*, actor, case, full: bool):
    return (_("Joint investigation team"), f"{reverse('cooperation:jit_create')}?case={case.public_id}") if full else None
