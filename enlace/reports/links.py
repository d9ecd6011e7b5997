"""The report's link on the case page (registered on ``cases.hooks.case_page_links``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _


def report_link(*, actor, case, full: bool):
    if not full:
        return None
    return _("Case file report (PDF)"), reverse("reports:case_report", args=[case.public_id])
