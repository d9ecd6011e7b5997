"""The special techniques link on the case page (registered on ``cases.hooks.case_page_links``).

Shown to everyone with full access to the case, whether or not any authorisation exists or names
them: the case page must not tell who is in the compartment, nor that there is one.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _


def techniques_link(*, actor, case, full: bool):
    if not full:
        return None
    return _("Special techniques"), reverse("techniques:list", args=[case.public_id])
