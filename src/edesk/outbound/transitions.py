"""The outgoing-document workflow as one explicit table: (state, action) → (permission, next state).

A document's state changes only through `transition_for()`, called by the services. `perm` None
means the permission is not a role's but a person's: the author edits, the resolved actors of the
current review step approve or return (outbound.review), the chosen signer signs. `None` as the
next state keeps the state (an edit, an approval that moves to the next step). The lookups are
edesk.core.workflow's.
"""

from django.utils.translation import gettext_lazy

from edesk.accounts.roles import Perm
from edesk.core.workflow import Transition, Workflow
from edesk.outbound.models import State

EDITABLE = (State.DRAFT, State.RETURNED)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(State.DRAFT, "edit", None, None),
    Transition(State.RETURNED, "edit", None, None),
    Transition(State.DRAFT, "upload", None, None),
    Transition(State.RETURNED, "upload", None, None),
    Transition(State.DRAFT, "submit", Perm.OUTGOING_DRAFT, State.IN_REVIEW),
    Transition(State.RETURNED, "submit", Perm.OUTGOING_DRAFT, State.IN_REVIEW),
    Transition(State.IN_REVIEW, "approve", None, None),
    Transition(State.IN_REVIEW, "return", None, State.RETURNED),
    Transition(State.APPROVED, "sign", Perm.OUTGOING_SIGN, State.SIGNED),
    Transition(State.SIGNED, "number", Perm.OUTGOING_NUMBER, State.NUMBERED),
    # A secret document is signed on paper: the clerk numbers it once it is approved.
    Transition(State.APPROVED, "number", Perm.OUTGOING_NUMBER, State.NUMBERED),
    Transition(State.NUMBERED, "issue", Perm.OUTGOING_NUMBER, State.ISSUED),
    Transition(State.ISSUED, "recall", Perm.OUTGOING_RECALL, State.RECALLED),
)

# Whole sentences per action: word order differs between languages.
REFUSALS = {
    "edit": gettext_lazy("Không thể sửa văn bản đang ở trạng thái “%(state)s”."),
    "upload": gettext_lazy("Không thể tải phiên bản mới cho văn bản đang ở trạng thái “%(state)s”."),
    "submit": gettext_lazy("Không thể trình duyệt văn bản đang ở trạng thái “%(state)s”."),
    "approve": gettext_lazy("Không thể duyệt văn bản đang ở trạng thái “%(state)s”."),
    "return": gettext_lazy("Không thể trả lại văn bản đang ở trạng thái “%(state)s”."),
    "sign": gettext_lazy("Chỉ ký được văn bản đã được duyệt; văn bản đang ở trạng thái “%(state)s”."),
    "number": gettext_lazy(
        "Chỉ cấp số được văn bản đã ký và chưa cấp số; văn bản đang ở trạng thái “%(state)s”."
    ),
    "issue": gettext_lazy("Chỉ phát hành được văn bản đã cấp số; văn bản đang ở trạng thái “%(state)s”."),
    "recall": gettext_lazy("Chỉ thu hồi được văn bản đã phát hành; văn bản đang ở trạng thái “%(state)s”."),
}


WORKFLOW = Workflow(TRANSITIONS, REFUSALS, State)
refusal = WORKFLOW.refusal
transition_for = WORKFLOW.transition_for
allowed_actions = WORKFLOW.allowed_actions
