"""Test settings: fast hashing, fixed keys, no key file on disk."""

import base64

from .base import *  # noqa: F403
from .base import PROJECT_DIR, database_from_env

SECRET_KEY = "test-secret-key-" + "t" * 40
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
(PROJECT_DIR / "var").mkdir(exist_ok=True)  # a fresh clone has no var/ yet
DATABASES = {"default": database_from_env(PROJECT_DIR / "var" / "test.sqlite3")}
ENLACE_FIELD_KEYS = {
    "k1": base64.b64encode(b"\x01" * 32).decode(),
}
ENLACE_PRIMARY_KEY_ID = "k1"
ENLACE_BLIND_INDEX_KEY = base64.b64encode(b"\x02" * 32).decode()
ENLACE_AUDIT_KEYS = {"a1": base64.b64encode(b"\x03" * 32).decode()}
ENLACE_AUDIT_PRIMARY_KEY_ID = "a1"
ENLACE_AUDIT_ANCHOR_AUTO_INIT = True  # each test gets its own anchor file (enlace/conftest.py)
ENLACE_ENFORCE_TOTP = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
LANGUAGE_CODE = "en"  # assertions read English; Spanish is tested explicitly
