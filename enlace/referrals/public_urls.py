"""Stored addresses (notification links) rewritten from integer keys to public ids.

Why: a notification written before objects were addressed by their public id holds a link such
as ``/cases/12/``, which now answers 404. A data migration of each app that owns such addresses
rewrites them with this function; a link whose object is gone is emptied (the notification stays).
"""

from __future__ import annotations

import re
from typing import Any

Rule = tuple[re.Pattern[str], str]  # (address with the integer key as group 1, "app_label.Model")


def rewrite_notification_urls(apps: Any, rules: list[Rule]) -> None:
    notification = apps.get_model("referrals", "Notification")
    for pk, url in notification.objects.exclude(url="").values_list("pk", "url").iterator(chunk_size=2000):
        for pattern, model_name in rules:
            found = pattern.match(url)
            if found is None:
                continue
            model = apps.get_model(model_name)
            public = model.objects.filter(pk=int(found.group(1))).values_list("public_id", flat=True).first()
            new = f"{url[:found.start(1)]}{public}{url[found.end(1):]}" if public else ""
            notification.objects.filter(pk=pk).update(url=new[:200])
            break
