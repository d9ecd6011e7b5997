"""The backup archive: one encrypted tar of the database dump, ``files/`` and ``manifest.json``.

Why the manifest goes last: each member's sha256 is computed while it streams into the tar,
so nothing is read twice and a stored file that changes while it is copied cannot be hashed
one way and stored another. Reading extracts into a staging directory only; the caller
touches the live database and files once every chunk authenticated and every member matched.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from .database import BackupError
from .stream import BackupIntegrityError, DecryptingReader, EncryptingWriter, Sink

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
_MAX_MANIFEST = 64 * 1024 * 1024


class _Hashing:
    """Read-through wrapper counting and hashing what tarfile copies."""

    def __init__(self, fh: BinaryIO):
        self._fh = fh
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self._fh.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def digest(self) -> dict:
        return {"sha256": self.sha256.hexdigest(), "size": self.size}


def stored_files(root: Path | None, *, refuse: list[Path]) -> list[tuple[Path, str]]:
    """Regular files under the file store, sorted; symbolic links are not followed."""
    if root is None or not root.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            if path.resolve() in refuse:
                raise BackupError("a key file or the database lies inside the stored-files directory "
                                  "(ENLACE_FILE_STORE); move it out: keys never go into a backup")
            found.append((path, path.relative_to(root).as_posix()))
    return found


def _add(tar: tarfile.TarFile, path: Path, name: str) -> dict:
    with path.open("rb") as fh:
        info = tar.gettarinfo(fileobj=fh, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o600
        hashing = _Hashing(fh)
        tar.addfile(info, hashing)  # copies exactly info.size bytes, or fails if the file shrank
    return hashing.digest()


def write_archive(sink: Sink, *, key: bytes, dump: Path, dump_member: str, files: list[tuple[Path, str]],
                  manifest: dict) -> dict:
    """Stream the tar through the encrypting writer into ``sink``; returns the full manifest."""
    writer = EncryptingWriter(sink, key)
    members: dict[str, dict] = {}
    with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
        members[dump_member] = _add(tar, dump, dump_member)
        for path, rel in files:
            members[f"{FILES}/{rel}"] = _add(tar, path, f"{FILES}/{rel}")
        full = {**manifest, "format": FORMAT, "members": members}
        data = json.dumps(full, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(data), 0o600
        tar.addfile(info, io.BytesIO(data))
    writer.close()
    return full


def _safe_name(name: str, dump_members: set[str]) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or name in ("", "."):
        raise BackupIntegrityError(f"unsafe member name in the backup: {name!r}")
    if name != MANIFEST and name not in dump_members and path.parts[0] != FILES:
        raise BackupIntegrityError(f"unexpected member in the backup: {name!r}")
    return name


def read_archive(source: BinaryIO, *, key: bytes, staging: Path, dump_members: set[str]) -> dict:
    """Authenticate, extract into ``staging`` and check every member against the manifest."""
    reader = DecryptingReader(source, key)
    seen: dict[str, dict] = {}
    manifest = None
    try:
        with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
            for info in tar:
                name = _safe_name(info.name, dump_members)
                if info.isdir():
                    continue
                if not info.isfile() or name in seen or (name == MANIFEST and manifest is not None):
                    raise BackupIntegrityError(f"unexpected or repeated member in the backup: {name!r}")
                fh = tar.extractfile(info)
                if name == MANIFEST:
                    manifest = json.loads(fh.read(_MAX_MANIFEST))
                    continue
                dest = staging / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                hashing = _Hashing(fh)
                with dest.open("wb") as out:
                    while chunk := hashing.read(1024 * 1024):
                        out.write(chunk)
                seen[name] = hashing.digest()
        while reader.read(1024 * 1024):  # authenticate the padding up to the final chunk
            pass
    except (tarfile.TarError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupIntegrityError(f"the backup's content is not a valid archive: {exc}") from None
    return _check_members(manifest, seen)


def _check_members(manifest: dict | None, seen: dict[str, dict]) -> dict:
    if manifest is None:
        raise BackupIntegrityError("the backup has no manifest")
    if manifest.get("format") != FORMAT:
        raise BackupIntegrityError(f"backup format {manifest.get('format')} is not supported (expected {FORMAT})")
    listed = manifest.get("members", {})
    for name in sorted(set(listed) | set(seen)):
        if name not in seen:
            raise BackupIntegrityError(f"member {name!r} is listed in the manifest but missing")
        if name not in listed:
            raise BackupIntegrityError(f"member {name!r} is not listed in the manifest")
        if listed[name] != seen[name]:
            raise BackupIntegrityError(f"member {name!r} does not match its sha256 in the manifest")
    return manifest
