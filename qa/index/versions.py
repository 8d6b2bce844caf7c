"""An index directory of immutable versions: written whole, swapped in atomically, read under a lock.

Layout::

    index/
      .write.lock        writers take turns on it (flock)
      .readers-v-….lock  readers hold it shared while loading that version; clean-up skips a held version
      current -> v-20261122T052700Z-01795...   (symlink, swapped atomically on every write)
      v-20261122T052700Z-01795.../             (UTC time, then nanoseconds: sorts in write order)
        manifest.json    parameters, sources and the sha256 of every other file of the version

A crash at any point leaves the previous version in place and loadable; a file whose checksum does not match
is refused, never served.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..errors import IndexCorruptedError, IndexUnusableError
from .manifest import MANIFEST_FILE, REBUILD_HINT, Manifest

logger = logging.getLogger(__name__)

CURRENT = "current"
MANIFEST = MANIFEST_FILE
WRITE_LOCK = ".write.lock"
READER_LOCK_PREFIX = ".readers-"  # .readers-<version>.lock: shared by readers of that version
LOAD_ATTEMPTS = 10  # each retry needs a whole update to land between resolving `current` and locking it

T = TypeVar("T")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_version(index_dir: str | Path, manifest: Manifest, fill: Callable[[Path], None]) -> Path:
    """``fill(folder)`` writes the version's data files; then the checksums and manifest are written, every file
    is synced, and ``current`` is swapped to the new version. Writers, in this process or another, take turns on
    an exclusive file lock, released by the OS even when a writer is killed."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with _write_lock(index_dir):
        # Sortable to the nanosecond, so "the previous version" is well defined even within one second.
        version = index_dir / f"v-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{time.time_ns():020d}"
        staging = index_dir / f".staging-{version.name}"
        staging.mkdir()
        fill(staging)
        manifest.checksums = {p.relative_to(staging).as_posix(): sha256_file(p)
                              for p in sorted(staging.rglob("*")) if p.is_file()}
        (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        for path in staging.rglob("*"):
            if path.is_file():
                with path.open("rb") as fh:
                    os.fsync(fh.fileno())
        staging.rename(version)
        link_tmp = index_dir / f".{CURRENT}-{uuid.uuid4().hex[:6]}"
        link_tmp.symlink_to(version.name)
        os.replace(link_tmp, index_dir / CURRENT)
        fsync_dir(index_dir)
        _collect_garbage(index_dir, keep={version.name, *_previous(index_dir, version.name)})
    return version


def current_version(index_dir: str | Path) -> Path | None:
    link = Path(index_dir) / CURRENT
    return link.resolve() if link.exists() else None


def read_manifest(version: Path) -> Manifest:
    try:
        text = (version / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise IndexCorruptedError(f"{version / MANIFEST} is unreadable ({err}); {REBUILD_HINT}") from None
    return Manifest.from_json(text, str(version / MANIFEST))


def read_version(index_dir: str | Path, load: Callable[[Path, Manifest], T], verify: bool = True) -> T:
    """``load(version, manifest)`` for the version ``current`` points at, under a shared lock on that version so
    that a writer's clean-up cannot delete it mid-read. If the clean-up removed it between resolving ``current``
    and taking the lock, the newer ``current`` is read instead."""
    index_dir = Path(index_dir)
    for _ in range(LOAD_ATTEMPTS):
        version = current_version(index_dir)
        if version is None:
            raise IndexUnusableError(f"no index in {index_dir}; build one with `policyqa index`")
        with _reader_lock(index_dir, version.name):
            if version.is_dir():
                manifest = read_manifest(version)
                if verify:
                    verify_checksums(version, manifest)
                return load(version, manifest)
        logger.info("index version %s was removed before it could be read; reading the new one", version.name)
    raise IndexUnusableError(f"{index_dir} changed {LOAD_ATTEMPTS} times while it was being opened; is a "
                             f"writer looping? Try again when `policyqa index` has finished")


def verify_checksums(version: Path, manifest: Manifest) -> None:
    on_disk = {p.relative_to(version).as_posix() for p in version.rglob("*") if p.is_file()} - {MANIFEST}
    for name in sorted(on_disk | set(manifest.checksums)):
        path = version / name
        if name not in manifest.checksums or not path.is_file() or sha256_file(path) != manifest.checksums[name]:
            raise IndexCorruptedError(f"index file {path} is missing, unlisted or does not match its checksum "
                                      f"(corrupted or tampered with); {REBUILD_HINT}")


@contextlib.contextmanager
def _write_lock(index_dir: Path):
    import fcntl

    with (index_dir / WRITE_LOCK).open("a") as fh:  # closing the file releases the lock
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _reader_lock_path(index_dir: Path, version: str) -> Path:
    return index_dir / f"{READER_LOCK_PREFIX}{version}.lock"


@contextlib.contextmanager
def _reader_lock(index_dir: Path, version: str):
    import fcntl

    try:
        fh = _reader_lock_path(index_dir, version).open("a")
    except OSError:  # a read-only index directory: no writer can clean it up either
        yield
        return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_SH)
        yield


@contextlib.contextmanager
def _unused(index_dir: Path, version: str):
    """Held exclusively while deleting ``version``; yields True when no reader holds it (never waits)."""
    import fcntl

    lock = _reader_lock_path(index_dir, version)
    with lock.open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
        lock.unlink(missing_ok=True)  # still locked: a reader that opened it sees the version gone


def _previous(index_dir: Path, current: str) -> list[str]:
    versions = sorted(p.name for p in index_dir.glob("v-*") if p.name != current)
    return versions[-1:]  # kept for a manual roll-back (point `current` at it)


def _collect_garbage(index_dir: Path, keep: set[str]) -> None:
    """Old versions no reader holds, and what a killed writer left: its staging directory and temporary link
    (safe to remove, since only the write-lock holder writes), and reader locks of removed versions."""
    for path in index_dir.iterdir():
        if path.name in keep or path.name == CURRENT:
            continue
        if path.name.startswith("v-") and path.is_dir() and not path.is_symlink():
            with _unused(index_dir, path.name) as unused:
                if unused:
                    shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(".staging-") and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(f".{CURRENT}-") and path.is_symlink():
            path.unlink(missing_ok=True)
        elif path.name.startswith(READER_LOCK_PREFIX):
            version = path.name.removeprefix(READER_LOCK_PREFIX).removesuffix(".lock")
            if version not in keep and not (index_dir / version).exists():
                with _unused(index_dir, version):
                    pass  # removes the lock file when no reader holds it
