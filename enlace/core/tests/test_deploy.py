"""Production settings pass Django's deployment checks with secrets from the environment."""

import base64
import json
import os
import secrets
import subprocess
import sys


def _check_deploy(field_key: bytes | None = None, audit_key: bytes | None = None) -> subprocess.CompletedProcess:
    keys = {"keys": {"k1": base64.b64encode(field_key or os.urandom(32)).decode()}, "primary": "k1",
            "blind_index_key": base64.b64encode(os.urandom(32)).decode()}
    audit = {"keys": {"a1": base64.b64encode(audit_key or os.urandom(32)).decode()}, "primary": "a1"}
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**base, "DJANGO_SETTINGS_MODULE": "enlace.config.settings.production",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "ENLACE_ALLOWED_HOSTS": "enlace.example.org",
           "ENLACE_FIELD_KEYS": json.dumps(keys), "ENLACE_AUDIT_KEY": json.dumps(audit)}
    return subprocess.run([sys.executable, "-m", "enlace", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean():
    proc = _check_deploy()
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_deploy_fails_with_an_all_zero_field_key():
    proc = _check_deploy(field_key=b"\x00" * 32)
    assert proc.returncode != 0 and "enlace.E003" in proc.stderr + proc.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env["DJANGO_SETTINGS_MODULE"] = "enlace.config.settings.production"
    proc = subprocess.run([sys.executable, "-m", "enlace", "check"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "DJANGO_SECRET_KEY" in proc.stderr
