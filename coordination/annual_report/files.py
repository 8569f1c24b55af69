"""Editions' files under the exports folder: one folder per year, and a manifest of what was written.

``<exports_dir>/2020/annual-report-2020-edition-1-fr.pdf`` and beside it
``manifest.json``: for every file, its edition, language, format, SHA-256
checksum, size, who asked for it first and when. A file is rendered the first
time it is asked for and served from the folder afterwards; one whose bytes
no longer match the manifest (edited or damaged on disk) is rendered again
from the edition's frozen model, which gives the same bytes. Drafts are
never written here: they change until frozen.

Files are written to a temporary name and renamed into place; the manifest
is rewritten under an exclusive lock on ``.manifest.lock``, so workers and
the command line can write side by side.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import msgspec

from coordination.annual_report.exporters import CONTENT_TYPES, Format
from coordination.annual_report.schemas import Manifest, ManifestEntry

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class StoredFile:
    path: Path
    content_type: str
    filename: str
    entry: ManifestEntry


def checksum(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def year_folder(exports_dir: Path, year: int) -> Path:
    return exports_dir / str(year)


def read_manifest(exports_dir: Path, year: int) -> Manifest:
    path = year_folder(exports_dir, year) / MANIFEST
    if not path.exists():
        return Manifest(year=year)
    return msgspec.json.decode(path.read_bytes(), type=Manifest)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".manifest.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_atomically(path: Path, content: bytes) -> None:
    draft = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    draft.write_bytes(content)
    os.replace(draft, path)


def stored(exports_dir: Path, *, year: int, edition: int, language: str, format: Format) -> StoredFile | None:
    """The file already written for this edition, language and format, if it is intact."""
    for entry in read_manifest(exports_dir, year).files:
        if (entry.edition, entry.language, entry.format) == (edition, language, format):
            path = year_folder(exports_dir, year) / entry.file
            if path.exists() and checksum(path.read_bytes()) == entry.checksum:
                return StoredFile(path=path, content_type=CONTENT_TYPES[format], filename=entry.file, entry=entry)
    return None


def store(
    exports_dir: Path,
    *,
    year: int,
    edition: int,
    language: str,
    format: Format,
    filename: str,
    content: bytes,
    created_by: str,
    created_at: datetime,
) -> StoredFile:
    """Write a rendered edition file and record it in the year's manifest (replacing an earlier entry for it)."""
    folder = year_folder(exports_dir, year)
    with _locked(folder):
        path = folder / filename
        _write_atomically(path, content)
        entry = ManifestEntry(
            edition=edition,
            language=language,
            format=format,
            file=filename,
            checksum=checksum(content),
            bytes=len(content),
            created_by=created_by,
            created_at=created_at,
        )
        manifest = read_manifest(exports_dir, year)
        kept = [
            item for item in manifest.files if (item.edition, item.language, item.format) != (edition, language, format)
        ]
        files = sorted([*kept, entry], key=lambda item: (item.edition, item.language, item.format))
        encoded = msgspec.json.format(msgspec.json.encode(Manifest(year=year, files=files)), indent=2) + b"\n"
        _write_atomically(folder / MANIFEST, encoded)
    return StoredFile(path=path, content_type=CONTENT_TYPES[format], filename=filename, entry=entry)
