"""Production settings pass Django's deployment checks with secrets from the environment."""

import base64
import json
import os
import secrets
import subprocess
import sys


def test_check_deploy_is_clean():
    keys = {"keys": {"k1": base64.b64encode(os.urandom(32)).decode()}, "primary": "k1",
            "blind_index_key": base64.b64encode(os.urandom(32)).decode()}
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**base, "DJANGO_SETTINGS_MODULE": "enlace.config.settings.production",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "ENLACE_ALLOWED_HOSTS": "enlace.example.org",
           "ENLACE_FIELD_KEYS": json.dumps(keys)}
    proc = subprocess.run([sys.executable, "-m", "enlace", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env["DJANGO_SETTINGS_MODULE"] = "enlace.config.settings.production"
    proc = subprocess.run([sys.executable, "-m", "enlace", "check"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "DJANGO_SECRET_KEY" in proc.stderr
