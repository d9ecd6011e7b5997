"""Screenshots of each role's home page, for docs/ui.md.

    python scripts/screenshots.py [--lang es] [--out docs/screenshots] [--port 8110]

Builds the demo workspace once in its own directory (``var/screenshots/``, SQLite; delete it to
rebuild), serves it with the development server on loopback, signs in one demo user per role
(a session written straight to the database, so no password or second factor is typed) and
photographs each home page in Chromium at a phone's 390 x 844, the first screen plus what the
page holds below it up to ``MAX_HEIGHT``. Requests that leave the server are blocked, as in the
browser tests. One PNG per role: ``home-<role>.png``.

The demo's dates follow today's date, so each run shows the same workspace as of the day it ran.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("ENLACE_CHROMIUM", "/usr/bin/chromium"))
MAX_HEIGHT = 1400  # px: keeps each picture readable in the docs and its file small
# One demo user per role, in the order docs/ui.md shows them.
ROLES = [
    ("screener", "tamizador.desaguadero"),
    ("investigator", "investigador.lpz"),
    ("supervisor", "supervisor.lpz"),
    ("prosecutor", "fiscal.lpz"),
    ("service_provider", "albergue.warmi"),
    ("liaison", "punto.focal.digemig"),
    ("monitoring", "comite.seguimiento"),
    ("capacity_manager", "capacidad.gestion"),
    ("auditor", "auditor.interno"),
    ("sysadmin", "admin.sistema"),
]
LOCALES = {"es": "es-BO", "en": "en-US", "pt-br": "pt-BR"}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lang", choices=sorted(LOCALES), default="es", help="interface language (default es)")
    p.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    p.add_argument("--port", type=int, default=8110)
    p.add_argument("--var", default=str(ROOT / "var" / "screenshots"), help="the demo workspace's directory")
    return p.parse_args()


def environment(var_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # the demo goes into its own SQLite file, never a shared database
    env.update({"DJANGO_SETTINGS_MODULE": "enlace.config.settings.dev", "ENLACE_VAR_DIR": var_dir,
                "ENLACE_ENFORCE_TOTP": "0", "PYTHONPATH": str(ROOT)})
    return env


def enlace(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "enlace", *args], env=env, cwd=ROOT, check=True)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (an http://127.0.0.1 address built above)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def sessions(env: dict[str, str]) -> dict[str, str]:
    """The cookies of a signed-in session per role (written to the demo's database by Django's test
    client), under the names the settings give them; the language cookie under ``language``."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from enlace.accounts.models import User

    keys = {"session": settings.SESSION_COOKIE_NAME, "language": settings.LANGUAGE_COOKIE_NAME}
    for role, username in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def photograph(base: str, keys: dict[str, str], out: Path, lang: str) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for role, _username in ROLES:
            context = browser.new_context(base_url=base, locale=LOCALES[lang], viewport={"width": 390, "height": 844},
                                          is_mobile=True, has_touch=True, device_scale_factor=1)
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                          else route.abort())
            context.add_cookies([{"name": keys["session"], "value": keys[role], "url": base, "httpOnly": True},
                                 {"name": keys["language"], "value": lang, "url": base}])
            page = context.new_page()
            page.goto("/", wait_until="networkidle")
            height = min(MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
            path = out / f"home-{role}.png"
            page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": 390, "height": height},
                            animations="disabled", caret="hide")
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size // 1024} KB")
            context.close()
        browser.close()


def main() -> None:
    args = parse_args()
    env = environment(args.var)
    Path(args.var).mkdir(parents=True, exist_ok=True)
    enlace(env, "migrate", "--noinput", "-v", "0")
    enlace(env, "demo", "--once")
    keys = sessions(env)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen([sys.executable, "-m", "enlace", "serve", f"127.0.0.1:{args.port}"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(base + "/static/enlace/app.css")
        photograph(base, keys, Path(args.out), args.lang)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
