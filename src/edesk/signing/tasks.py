"""Background work on signatures: thin Celery wrappers around services."""

from celery import shared_task

from edesk.signing import remote, verify


@shared_task(name="signing.blob_verify", time_limit=300, soft_time_limit=270, acks_late=True)
def blob_verify_task(sha256: str) -> None:
    """Compute (again) the signature report of a stored PDF."""
    verify.verification_for_blob(sha256, refresh=True)


@shared_task(name="signing.remote_expire_due", time_limit=300, soft_time_limit=270)
def remote_expire_due_task() -> int:
    """Expire remote signatures whose signing client never answered (run every minute by beat)."""
    return remote.remote_expire_due()
