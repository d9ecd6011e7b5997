"""Case page benchmark: the overview tab and the persons tab (names decrypted, identities
checked per person) of 20 cases the user can see, as the demo investigator and the demo
supervisor, on a 100,000-case workspace. Each GET also writes its ``case.read`` audit entry,
as in real use. See bench/_casebench.py and bench/README.md.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _casebench as cb  # noqa: E402

USERS = ("investigador.lpz", "supervisor.lpz", "punto.focal.digemig")
TABS = [("case page: overview", ""), ("case page: persons tab", "?tab=persons")]
SAMPLE = 20


def child(backend: str, cases: int, requests: int, users: str = "") -> None:
    cb.setup_django()
    from django.urls import reverse

    from enlace.accounts.models import User
    from enlace.cases.access import visible_cases

    rows = []
    for username in cb.chosen_users(users, USERS):
        user = User.objects.get(username=username)
        ids = list(visible_cases(user).order_by("id").values_list("public_id", flat=True))
        step = max(1, len(ids) // SAMPLE)
        sample = ids[::step][:SAMPLE]  # spread over old and new cases, the same on every run
        client = cb.client_for(username)
        for name, query in TABS:
            urls = [reverse("cases:detail", args=[pk]) + query for pk in sample]
            result = cb.time_page(client, urls, requests=requests)
            rows.append({"backend": backend, "cases": cases, "user": username, "page": name, "visible": len(ids),
                         "url": urls[0], **result})
        # Diagnostic: the overview without the cross-case matches panel of the links app,
        # to tell the case page's own cost from the panel's.
        panel_off = _without_matches_panel()
        if panel_off is not None:
            with panel_off:
                urls = [reverse("cases:detail", args=[pk]) for pk in sample]
                result = cb.time_page(client, urls, requests=requests)
            rows.append({"backend": backend, "cases": cases, "user": username,
                         "page": "case page: overview, matches panel off", "visible": len(ids), "url": urls[0],
                         **result})
    cb.emit(rows)


def _without_matches_panel():
    from unittest import mock

    try:
        from enlace.links.templatetags import links_tags
    except ImportError:
        return None
    if not hasattr(links_tags, "full_case_ids"):
        return None
    return mock.patch.object(links_tags, "full_case_ids", lambda **kwargs: set())


if __name__ == "__main__":
    args = cb.parse_args(__doc__)
    if args.child:
        child(args.child, args.cases, args.requests, args.users)
    else:
        cb.run("case_page", __doc__)
