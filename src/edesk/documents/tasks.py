"""Background work on documents: thin Celery wrappers around services."""

from celery import shared_task

from edesk.documents import services


@shared_task(name="documents.attachment_extract_text", time_limit=600, soft_time_limit=540, acks_late=True)
def attachment_extract_text_task(attachment_id: int) -> None:
    services.attachment_extract_text(attachment_id)
