"""Evidence files: a 200 MB upload through the page (multipart parsing, the streamed write into the
encrypted store), its download, and ``enlace evidence verify``, with the process's memory watched.

The request body is read from a file on disk by the WSGI handler, as a server hands it over, so the
only memory the measurement sees is the application's. Peak RSS growth is the highest resident set
size sampled every 5 ms during the operation minus the size just before it. Throughput of verify is
the files' size over the wall time of re-hashing every stored file (decrypt, authenticate, SHA-256),
and over the process's own CPU time (the machine may be shared: wall time then measures the others).
SQLite, development settings, a scratch directory under ``var/bench/evidence-files/``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _casebench as cb  # noqa: E402

BOUNDARY = "enlace-bench-boundary"
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * PAGE


class PeakRss:
    """Samples the resident set size in a thread while the block runs."""

    def __enter__(self):
        self.start, self.peak, self._stop = rss(), rss(), threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        self.t0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0
        self.cpu_seconds = time.process_time() - self.c0  # this process only: the machine may be shared
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss())
        self.growth_mb = round((self.peak - self.start) / 2**20, 1)


def _body(path: Path, size_mb: int) -> int:
    """A multipart body holding one text file of ``size_mb`` MB (random lowercase lines)."""
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"extraction.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    line = (b"abcdefghijklmnopqrstuvwxyz" * 40 + b"\n")
    block = line * (2**20 // len(line) + 1)
    with path.open("wb") as out:
        out.write(head)
        for _ in range(size_mb):
            out.write(block[:2**20])
        out.write(tail)
    return path.stat().st_size


def child(size_mb: int, scratch: Path) -> None:
    cb.setup_django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    settings.ENLACE_FILE_STORE = scratch / "files"
    from django.urls import reverse

    from enlace.cases.tests.factories import make_case_world
    from enlace.prosecution.integrity import verify_files
    from enlace.prosecution.models import EvidenceFile
    from enlace.prosecution.tests.factories import make_item

    w = make_case_world()
    client = cb.client_for("inv")
    body = scratch / "body.bin"

    def upload_to(item, length: int):
        with body.open("rb") as stream:
            return client.generic("POST", reverse("prosecution:evidence_upload", args=[item.public_id]), b"", **{
                "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(length),
                "wsgi.input": stream})

    warm = make_item(w, number="EV-WARM", kind="digital")
    upload_to(warm, _body(body, 1))  # the first request loads the code and templates it needs: not the upload's cost
    client.get(reverse("prosecution:evidence_download", args=[EvidenceFile.objects.get(item=warm).pk]))
    item = make_item(w, number="EV-BIG", kind="digital")
    length = _body(body, size_mb)
    rows = []
    with PeakRss() as upload:
        r = upload_to(item, length)
    stored = EvidenceFile.objects.get(item=item)
    assert r.status_code == 302 and stored.size == size_mb * 2**20, (r.status_code, stored.size)
    rows.append({"operation": "upload (page, multipart, encrypt, SHA-256)", "mb": size_mb,
                 "seconds": round(upload.seconds, 2), "mb_per_s": round(size_mb / upload.seconds, 1),
                 "rss_growth_mb": upload.growth_mb})
    body.unlink()
    with PeakRss() as download:
        r = client.get(reverse("prosecution:evidence_download", args=[stored.pk]))
        received = sum(len(chunk) for chunk in r.streaming_content)
    assert received == stored.size
    rows.append({"operation": "download (verify, then decrypt streamed)", "mb": size_mb,
                 "seconds": round(download.seconds, 2), "mb_per_s": round(size_mb / download.seconds, 1),
                 "rss_growth_mb": download.growth_mb})
    with PeakRss() as verify:
        results = list(verify_files(case=w["case"]))
    assert results == [2], results
    rows.append({"operation": "evidence verify (re-hash every file)", "mb": size_mb + 1,
                 "seconds": round(verify.seconds, 2), "mb_per_s": round((size_mb + 1) / verify.seconds, 1),
                 "rss_growth_mb": verify.growth_mb})
    for row, block in zip(rows, (upload, download, verify), strict=True):
        row["cpu_seconds"] = round(block.cpu_seconds, 2)
        row["mb_per_cpu_s"] = round(row["mb"] / block.cpu_seconds, 1)
        row["load"] = round(os.getloadavg()[0], 1)
    cb.emit(rows)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--mb", type=int, default=200)
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--backend", default="sqlite", help=argparse.SUPPRESS)  # run_all passes these to every bench
    p.add_argument("--cases", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--requests", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args()
    scratch = cb.ROOT / "var" / "bench" / "evidence-files"
    if args.child:
        child(args.mb, scratch)
        return
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="enlace.config.settings.dev", ENLACE_VAR_DIR=str(scratch))
    env.pop("DATABASE_URL", None)
    env.pop("ENLACE_DEBUG", None)
    proc = subprocess.run([sys.executable, __file__, "--child", "1", "--mb", str(args.mb)], env=env, cwd=cb.ROOT,
                          text=True, capture_output=True)
    shutil.rmtree(scratch, ignore_errors=True)
    if proc.returncode != 0:
        sys.exit(f"measurement failed:\n{proc.stdout}\n{proc.stderr}")
    rows = json.loads(proc.stdout.strip().splitlines()[-1])
    for r in rows:
        print(f"{r['operation']:<45} {r['mb']} MB  {r['seconds']:>7} s  {r['mb_per_s']:>7} MB/s  "
              f"{r['mb_per_cpu_s']:>7} MB/CPU-s  peak RSS +{r['rss_growth_mb']} MB  (load {r['load']})")
    cb.RESULTS.mkdir(parents=True, exist_ok=True)
    doc = {"script": "evidence_files", "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "machine": cb.machine(), "results": rows}
    (cb.RESULTS / "evidence_files.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
