"""The incoming-document workflow as one explicit table: (state, action) → (who, next state).

A document's state changes only through `advance()`, called by the services in services.py.
`None` as the next state means the action keeps the state (e.g. re-assignment).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edesk.accounts.roles import Perm
from edesk.core.errors import Conflict
from edesk.inbound.models import OPEN_STATES, State


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    perm: str
    next_state: str | None


TRANSITIONS: tuple[Transition, ...] = (
    Transition(State.REGISTERED, "present", Perm.INCOMING_PRESENT, State.PRESENTED),
    Transition(State.RETURNED, "present", Perm.INCOMING_PRESENT, State.PRESENTED),
    Transition(State.PRESENTED, "present", Perm.INCOMING_PRESENT, State.PRESENTED),
    Transition(State.PRESENTED, "return", Perm.INCOMING_RETURN, State.RETURNED),
    Transition(State.PRESENTED, "direct", Perm.INCOMING_DIRECT, State.DIRECTED),
    Transition(State.DIRECTED, "reassign", Perm.INCOMING_DIRECT, None),
    Transition(State.IN_PROGRESS, "reassign", Perm.INCOMING_DIRECT, None),
    Transition(State.DIRECTED, "start", Perm.ASSIGNMENT_HANDLE, State.IN_PROGRESS),
    Transition(State.DIRECTED, "complete", Perm.ASSIGNMENT_HANDLE, State.COMPLETED),
    Transition(State.IN_PROGRESS, "complete", Perm.ASSIGNMENT_HANDLE, State.COMPLETED),
    # The sender withdraws its document (Decree 30 Art. 18.4.b) whatever the receivers did with it;
    # the permission is the sender's, in the sending agency (services.received.received_recall).
    # Nothing leaves RECALLED: the document stays only as the trail of the recall.
    *(
        Transition(state, "recall", Perm.OUTGOING_RECALL, State.RECALLED)
        for state in (*OPEN_STATES, State.COMPLETED)
    ),
)

_TABLE = {(t.state, t.action): t for t in TRANSITIONS}

# Whole sentences per action rather than a verb slotted into one sentence: word order differs
# between languages, so each refusal is translated as a unit.
REFUSALS = {
    "present": gettext_lazy("Không thể trình lãnh đạo văn bản đang ở trạng thái “%(state)s”."),
    "return": gettext_lazy("Không thể trả lại văn thư văn bản đang ở trạng thái “%(state)s”."),
    "direct": gettext_lazy("Không thể chỉ đạo văn bản đang ở trạng thái “%(state)s”."),
    "reassign": gettext_lazy("Không thể phân công lại văn bản đang ở trạng thái “%(state)s”."),
    "start": gettext_lazy("Không thể bắt đầu xử lý văn bản đang ở trạng thái “%(state)s”."),
    "complete": gettext_lazy("Không thể hoàn thành văn bản đang ở trạng thái “%(state)s”."),
    "recall": gettext_lazy("Không thể thu hồi văn bản đang ở trạng thái “%(state)s”."),
}


def refusal(state: str, action: str) -> str:
    """Why `action` is refused in `state`, in the active language."""
    sentence = REFUSALS[action] % {"state": State(state).label}
    hint = _("Có thể người khác vừa xử lý; hãy tải lại trang.")
    return f"{sentence} {hint}"


def transition_for(state: str, action: str) -> Transition:
    """The transition for `action` from `state`, or a 409 saying the document has moved on."""
    transition = _TABLE.get((state, action))
    if transition is None:
        raise Conflict(refusal(state, action), code="invalid_state")
    return transition


def allowed_actions(state: str) -> set[str]:
    return {t.action for t in TRANSITIONS if t.state == state}
