"""Files are never lost: a content-addressed store, written durably before any row points to it.

A blob is named by its SHA-256 and written to a temporary file, fsynced, then renamed into
place (and its folder fsynced), so a crash leaves either the whole file or none. The same
content is stored once.

>>> store = BlobStore(Path(tempfile.mkdtemp()))
>>> digest = store.put(b"original bytes")
>>> store.get(digest)
b'original bytes'
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import N_, NotFound

_DIGEST = re.compile(r"^[0-9a-f]{64}$")
TEMP_PREFIX = ".incoming-"
STALE_SECONDS = 3600.0  # a temporary file this old belongs to a write that died


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, digest: str) -> Path:
        if not _DIGEST.match(digest):
            raise NotFound(N_("There is no such file."))
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self._path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o440)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        return digest

    def temp_files(self) -> Iterator[Path]:
        """Files a ``put`` began and never renamed (a crash, a ``kill -9``), and any in flight."""
        if self.root.exists():
            yield from self.root.glob(f"*/*/{TEMP_PREFIX}*")

    def digests(self) -> Iterator[tuple[str, Path]]:
        """Every stored blob, by its digest."""
        if self.root.exists():
            for path in self.root.glob("*/*/*"):
                if _DIGEST.match(path.name) and path.parent.parent.name == path.name[:2]:
                    yield path.name, path

    def has(self, digest: str) -> bool:
        return self._path(digest).exists()

    def sweep_stale(self, older_than: float = STALE_SECONDS) -> list[Path]:
        """Remove temporary files older than ``older_than`` seconds: no ``put`` takes that long,
        so nobody is writing them. Run when a command that writes blobs starts."""
        cutoff = time.time() - older_than
        removed = []
        for path in self.temp_files():
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(path)
            except FileNotFoundError:  # another process swept it first
                continue
        return removed

    def get(self, digest: str) -> bytes:
        path = self._path(digest)
        if not path.exists():
            raise NotFound(N_("There is no such file."))
        return path.read_bytes()
