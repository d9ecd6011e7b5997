"""Environments for tests that start ``enlace`` in another process, on a file database of their own.

The test database lives in this process's connection (in memory for SQLite, or a test database the
other process is not told about), so a worker or server in another process gets its own file.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

DROP = ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ENLACE_ENV")


def file_db_env(tmp: Path, settings: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROP}
    env.update({"DJANGO_SETTINGS_MODULE": settings, "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
                "ENLACE_VAR_DIR": str(tmp), "ENLACE_STATIC_ROOT": str(tmp / "static"), **extra})
    return env


def production_env(tmp: Path, **extra: str) -> dict[str, str]:
    keys = {"keys": {"k1": base64.b64encode(os.urandom(32)).decode()}, "primary": "k1",
            "blind_index_key": base64.b64encode(os.urandom(32)).decode()}
    return file_db_env(tmp, "enlace.config.settings.production", DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
                       ENLACE_ALLOWED_HOSTS="enlace.example.org", ENLACE_FIELD_KEYS=json.dumps(keys), **extra)


def run_python(script: str, env: dict[str, str], timeout: float = 240) -> str:
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return proc.stdout


def enlace(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen([sys.executable, "-m", "enlace", *args], env=env, stdout=handle,
                            stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, *, timeout: float, every: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    return None


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (tests call loopback only)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:  # noqa: S310 (loopback only)
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()
