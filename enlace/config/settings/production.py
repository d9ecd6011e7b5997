"""Production: every secret and host from the environment; HTTPS only.

``enlace check --deploy --fail-level WARNING`` passes with DJANGO_SECRET_KEY,
ENLACE_ALLOWED_HOSTS, DATABASE_URL and the field keys set.
"""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ENLACE_ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]
SECURE_SSL_REDIRECT = os.environ.get("ENLACE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Monitoring may ask the application server directly on loopback (docs/operations.md): it answers
# only "ok" or "not ok" to anyone, so plain HTTP there is harmless.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
ENLACE_ENFORCE_TOTP = True
