"""The prosecution links on the case page (registered on ``cases.hooks.case_page_links``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _


def evidence_link(*, actor, case, full: bool):
    """Offered only with full access: the registry is not shown to a shared summary."""
    if not full:
        return None
    return _("Evidence"), reverse("prosecution:evidence_list", args=[case.pk])


def proceedings_link(*, actor, case, full: bool):
    if not full:
        return None
    return _("Proceedings"), reverse("prosecution:proceedings", args=[case.pk])


def elements_link(*, actor, case, full: bool):
    if not full:
        return None
    return _("Elements of the offence"), reverse("prosecution:elements", args=[case.pk])


def attachments_link(*, actor, case, full: bool):
    if not full:
        return None
    return _("Attachments"), reverse("prosecution:attachments", args=[case.pk])
