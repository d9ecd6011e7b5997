"""`make run` settings really serve pages and static files (no collectstatic, no manifest)."""

import os
import subprocess
import sys

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
c = Client(HTTP_HOST="127.0.0.1")
r = c.get("/login/")
assert r.status_code == 200, r.status_code
assert b"/static/enlace/app.css" in r.content
for path in ("/static/enlace/app.css", "/static/vendor/htmx/htmx.min.js"):
    s = c.get(path)
    assert s.status_code == 200, (path, s.status_code)
print("ok")
"""


def test_dev_settings_serve_login_and_static(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    env.update({"DJANGO_SETTINGS_MODULE": "enlace.config.settings.dev", "ENLACE_VAR_DIR": str(tmp_path)})
    proc = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "ok" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-3000:]
