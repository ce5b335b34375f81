"""Every write to outgoing documents: one function per business action (see the modules below)."""

from edesk.outbound.services.drafts import (
    draft_create,
    draft_set_appendices,
    draft_update,
    draft_upload_version,
)
from edesk.outbound.services.issuance import outgoing_issue, outgoing_recall, recipient_open
from edesk.outbound.services.numbering import outgoing_number
from edesk.outbound.services.reviewing import draft_submit, review_approve, review_chain_set, review_return
from edesk.outbound.services.signing import (
    SIGN_BATCH_MAX,
    BatchResult,
    Skipped,
    outgoing_sign,
    outgoing_sign_batch,
    outgoing_sign_complete,
    outgoing_sign_prepare,
)
from edesk.outbound.services.validation import DraftData, RecipientSpec

__all__ = [
    "SIGN_BATCH_MAX",
    "BatchResult",
    "DraftData",
    "RecipientSpec",
    "Skipped",
    "draft_create",
    "draft_set_appendices",
    "draft_submit",
    "draft_update",
    "draft_upload_version",
    "outgoing_issue",
    "outgoing_number",
    "outgoing_recall",
    "outgoing_sign",
    "outgoing_sign_batch",
    "outgoing_sign_complete",
    "outgoing_sign_prepare",
    "recipient_open",
    "review_approve",
    "review_chain_set",
    "review_return",
]
