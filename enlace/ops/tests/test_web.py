"""``enlace web`` (gunicorn) under production settings: static files collected at start, pages and assets
served, an access log without query strings; development settings stay on loopback."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from enlace.ops.server import ACCESS_LOG_FORMAT, default_workers, is_loopback
from enlace.ops.tests.subprocess_env import (
    enlace,
    fetch,
    file_db_env,
    free_port,
    production_env,
    stop,
    wait_until,
)

HOST = {"Host": "enlace.example.org", "X-Forwarded-Proto": "https"}  # what nginx sends (docs/operations.md)


@pytest.mark.slow
def test_production_serves_login_page_and_static_files_after_a_clean_collect(tmp_path):
    env = production_env(tmp_path)
    assert not (tmp_path / "static").exists()
    port = free_port()
    server = enlace(["web", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"], env,
                    tmp_path / "web.log")
    base = f"http://127.0.0.1:{port}"
    try:
        up = wait_until(lambda: _try(f"{base}/login/?q=Rosa+Mamani", HOST), timeout=120, every=0.5)
        assert up, (tmp_path / "web.log").read_text()[-3000:]
        status, headers, body = up
        assert status == 200 and b"csrfmiddlewaretoken" in body
        assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
        css = re.search(rb'href="(/static/enlace/app\.[0-9a-f]{12}\.css)"', body)
        assert css, "the page links the hashed (collected) stylesheet"
        status, _h, asset = fetch(base + css.group(1).decode(), HOST)
        assert status == 200 and b"{" in asset
        status, _h, body = fetch(f"{base}/healthz", HOST)
        assert (status, body) == (503, b"not ok\n")  # no worker runs here
    finally:
        stop(server)
    assert (tmp_path / "static" / "staticfiles.json").exists()
    log = (tmp_path / "web.log").read_text()
    access = [line for line in log.splitlines() if '"GET /' in line]
    assert any('"GET /login/ HTTP/1.1" 200' in line for line in access), log[-3000:]
    assert "Mamani" not in log and "q=" not in log
    assert all(re.search(r"rid=[0-9a-f]{32}$", line) for line in access)


def _try(url, headers):
    try:
        return fetch(url, headers)
    except OSError:
        return None


def test_development_settings_refuse_a_non_loopback_address(tmp_path):
    env = file_db_env(tmp_path, "enlace.config.settings.dev")
    for args in (["web", "--bind", "0.0.0.0:8999", "--no-collectstatic"], ["serve", "0.0.0.0:8999"]):
        proc = subprocess.run([sys.executable, "-m", "enlace", *args], env=env, capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode != 0 and "loopback" in proc.stderr, proc.stdout + proc.stderr


def test_loopback_addresses():
    assert all(map(is_loopback, ["127.0.0.1:8000", "127.0.0.2:80", "[::1]:8000", "localhost:8000", "unix:/run/e.sock"]))
    assert not any(map(is_loopback, ["0.0.0.0:8000", "[::]:8000", "192.0.2.10:8000", "enlace.example.org:80"]))


def test_access_log_format_has_the_path_but_no_query_string_or_referrer():
    assert "%(U)s" in ACCESS_LOG_FORMAT
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%({referer}i)s"):
        assert atom not in ACCESS_LOG_FORMAT


def test_workers_are_sized_for_the_machine():
    assert default_workers(1) == 3 and default_workers(2) == 5 and default_workers(16) == 8
