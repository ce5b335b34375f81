"""Content-addressed file storage: a file's name is the SHA-256 of its bytes.

The same bytes uploaded twice are stored once, and a file can never change under a record that
points to it. Files go to the storage backend named "documents" (filesystem by default,
S3-compatible in production), never into the database.
"""

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages

CHUNK = 1024 * 1024


def backend() -> Storage:
    return storages["documents"]


def blob_path(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def sha256_of(fileobj: IO[bytes]) -> tuple[str, int]:
    """Hash a file in chunks so a 50 MB upload never sits in memory twice."""
    digest = hashlib.sha256()
    size = 0
    fileobj.seek(0)
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size


@dataclass
class WriteBatch:
    """The files one operation wrote, so a failed operation can take them back."""

    created: list[str] = field(default_factory=list)

    def put(self, fileobj: IO[bytes]) -> tuple[str, int]:
        sha256, size = sha256_of(fileobj)
        if save_if_missing(sha256, fileobj):
            self.created.append(sha256)
        return sha256, size

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        return self.put(ContentFile(data))


def save_if_missing(sha256: str, fileobj: IO[bytes]) -> bool:
    """Store `fileobj` under its hash unless it is already there; True when this call wrote it."""
    path = blob_path(sha256)
    store = backend()
    if store.exists(path):
        return False
    fileobj.seek(0)
    saved = store.save(path, File(fileobj))
    if saved != path:
        # Another upload of the same bytes won the race and the backend picked a new name for this
        # copy: the content is identical, so the copy goes.
        store.delete(saved)
        return False
    return True


@contextmanager
def files_written(release: Callable[[str], None]) -> Iterator[WriteBatch]:
    """Yield a batch; if the block raises, hand every file it created to `release(sha256)`, which
    removes the file unless a committed row uses it (see documents.services.blob_release)."""
    batch = WriteBatch()
    try:
        yield batch
    except BaseException:
        for sha256 in batch.created:
            release(sha256)
        raise


def open_blob(sha256: str) -> IO[bytes]:
    return backend().open(blob_path(sha256), "rb")


def read_blob(sha256: str) -> bytes:
    with open_blob(sha256) as fh:
        return fh.read()
