"""Content-addressed file storage: a file's name is the SHA-256 of its bytes.

The same bytes uploaded twice are stored once, and a file can never change under a record that
points to it. Files go to the storage backend named "documents" (filesystem by default,
S3-compatible in production), never into the database.
"""

import hashlib
from collections.abc import Iterator
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
        path = blob_path(sha256)
        store = backend()
        if not store.exists(path):
            store.save(path, File(fileobj))
            self.created.append(sha256)
        return sha256, size

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        return self.put(ContentFile(data))


@contextmanager
def files_written(is_referenced) -> Iterator[WriteBatch]:
    """Yield a batch; if the block raises, delete the files it created that no row references.

    `is_referenced(sha256) -> bool` asks the database after the rollback, so a file that a
    concurrent upload of the same bytes has meanwhile committed is kept.
    """
    batch = WriteBatch()
    try:
        yield batch
    except BaseException:
        for sha256 in batch.created:
            if not is_referenced(sha256):
                backend().delete(blob_path(sha256))
        raise


def open_blob(sha256: str) -> IO[bytes]:
    return backend().open(blob_path(sha256), "rb")


def read_blob(sha256: str) -> bytes:
    with open_blob(sha256) as fh:
        return fh.read()
