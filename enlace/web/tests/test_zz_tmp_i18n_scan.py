import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse


class Text(HTMLParser):
    def __init__(self):
        super().__init__(); self.out = []; self.skip = 0
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"): self.skip += 1
        for k, v in attrs:
            if k in ("placeholder", "title", "aria-label", "alt", "value") and v and not v.isdigit():
                self.out.append(f"@{k}={v}")
    def handle_endtag(self, tag):
        if tag in ("script", "style"): self.skip -= 1
    def handle_data(self, d):
        if not self.skip and d.strip(): self.out.append(re.sub(r"\s+", " ", d.strip()))


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_scan(client, world, lang):
    from enlace.cases.services import case_create  # noqa
    c = world["case"]
    pages = {
        "login": (None, reverse("web:login")),
        "home": ("investigator", "/"),
        "cases": ("investigator", reverse("cases:list")),
        "case": ("investigator", reverse("cases:detail", args=[c.id])),
        "case_new": ("investigator", reverse("cases:create")),
        "person_add": ("investigator", reverse("cases:person_add", args=[c.id])),
        "admin": ("sysadmin", "/administration/"),
        "audit": ("auditor", "/audit/"),
        "screening": ("screener", "/screening/"),
        "referrals": ("service_provider", "/referrals/"),
        "links": ("investigator", "/links/"),
    }
    out = []
    for name, (user, url) in pages.items():
        client.logout()
        if user: client.force_login(world[user])
        r = client.get(url, HTTP_ACCEPT_LANGUAGE=lang, follow=True)
        p = Text(); p.feed(r.content.decode())
        out.append(f"=== {name} {url} {r.status_code}\n" + "\n".join(p.out))
        if name == "case":
            for tab in re.findall(r'href="(/cases/\d+/\?tab=\w+|/cases/\d+/[a-z]+/)"', r.content.decode()):
                r2 = client.get(tab, HTTP_ACCEPT_LANGUAGE=lang)
                p = Text(); p.feed(r2.content.decode())
                out.append(f"=== tab {tab} {r2.status_code}\n" + "\n".join(p.out))
    open(f"/tmp/i18n/scan/{lang}.txt", "w").write("\n".join(out))
