"""Queueing signature checks from other apps' services without loading pyHanko with them."""

from collections.abc import Iterable
from functools import partial

from django.db import transaction


def _verify_later(sha256: str) -> None:
    # Imported when the task is sent, not with this module: the task module loads pyHanko.
    from edesk.signing.tasks import blob_verify_task

    blob_verify_task.delay(sha256)


def verify_after_commit(sha256s: Iterable[str]) -> None:
    """Check the signatures of these stored PDFs once the caller's transaction commits, so the pages
    and the API find each report ready (verify.verification_for_blob computes it on demand otherwise).
    """
    for sha256 in dict.fromkeys(sha256s):
        transaction.on_commit(partial(_verify_later, sha256))
