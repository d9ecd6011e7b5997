"""Case list benchmark: page 1, filtered lists, searches and a deep page, as the demo
investigator (sees their EME's cases) and the demo supervisor (sees every case led by the
DTTP La Paz unit), on a 100,000-case workspace. See bench/_casebench.py and bench/README.md.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _casebench as cb  # noqa: E402

USERS = ("investigador.lpz", "supervisor.lpz", "punto.focal.digemig")
PAGES = [
    ("list page 1", ""),
    ("list filtered: status+transnational", "?status=investigation&transnational=yes"),
    ("list filtered: form of exploitation", "?form=forced_labour"),
    ("list filtered: department", "?department=BO-L"),
    ("list search: word", "?q=taller"),
    ("list search: reference", "?q={reference}"),
    ("list page 20", "?page=20"),
]


def child(backend: str, cases: int, requests: int, users: str = "") -> None:
    cb.setup_django()
    from django.urls import reverse

    from enlace.accounts.models import User
    from enlace.cases.access import visible_cases
    from enlace.cases.models import CaseReference

    base = reverse("cases:list")
    rows = []
    for username in cb.chosen_users(users, USERS):
        user = User.objects.get(username=username)
        visible = visible_cases(user)
        # the reference of a fixed, ordinary visible case (the same on every run)
        # (the eighth, or the last of a user who sees fewer)
        first = list(CaseReference.objects.filter(case__in=visible).order_by("id").values_list("number", flat=True)[:8])
        reference = first[-1]
        client = cb.client_for(username)
        n_visible = visible.count()
        for name, query in PAGES:
            url = base + query.format(reference=reference)
            result = cb.time_page(client, [url], requests=requests)
            rows.append({"backend": backend, "cases": cases, "user": username, "page": name, "visible": n_visible,
                         "url": url, **result})
    cb.emit(rows)


if __name__ == "__main__":
    args = cb.parse_args(__doc__)
    if args.child:
        child(args.child, args.cases, args.requests, args.users)
    else:
        cb.run("case_list", __doc__)
