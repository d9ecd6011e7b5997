"""Development and the demo workspace (``make run``): local only, key file created on first use."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("ENLACE_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# The demo prints every role's password: `enlace web` and `enlace serve` refuse other addresses.
ENLACE_LOOPBACK_ONLY = True
ENLACE_CREATE_KEY_FILE = True
ENLACE_AUDIT_ANCHOR_AUTO_INIT = True
# The demo prints passwords for every role; requiring an authenticator app for each
# would stop a visitor from trying the roles. Production enforces it (base.py).
ENLACE_ENFORCE_TOTP = os.environ.get("ENLACE_ENFORCE_TOTP", "0") == "1"
VAR_DIR.mkdir(parents=True, exist_ok=True)
ENLACE_DEMO_MODE = True
# Served from the source tree by WhiteNoise's finders: no collectstatic step in `make run`.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
