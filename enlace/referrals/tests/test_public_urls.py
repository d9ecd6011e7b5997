"""Notification links written with integer keys lead to the same pages after the upgrade."""

import importlib
import re

from django.apps import apps

from enlace.referrals.models import Notification, NotificationKind
from enlace.referrals.public_urls import rewrite_notification_urls

migration = importlib.import_module("enlace.referrals.migrations.0011_notification_public_urls")


def test_integer_links_become_public_ids_and_dead_ones_empty(world):
    case, user = world["case"], world["investigator"]
    notes = [Notification.objects.create(user=user, kind=NotificationKind.HITS_FOUND, url=url)
             for url in (f"/cases/{case.pk}/", f"/links/cases/{case.pk}/", "/cases/987654/", "/referrals/",
                         f"/cases/{case.public_id}/")]
    rewrite_notification_urls(apps, migration.RULES)
    urls = [Notification.objects.get(pk=n.pk).url for n in notes]
    assert urls == [f"/cases/{case.public_id}/", f"/links/cases/{case.public_id}/", "", "/referrals/",
                    f"/cases/{case.public_id}/"]
    assert not any(re.search(r"/\d+/", u) for u in urls)
