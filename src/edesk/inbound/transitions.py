"""The incoming-document workflow as one explicit table: (state, action) → (who, next state).

A document's state changes only through `advance()`, called by the services in services.py.
`None` as the next state means the action keeps the state (e.g. re-assignment).
"""

from dataclasses import dataclass

from edesk.accounts.roles import Perm
from edesk.core.errors import Conflict
from edesk.inbound.models import State


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
)

_TABLE = {(t.state, t.action): t for t in TRANSITIONS}

ACTION_LABELS = {
    "present": "trình lãnh đạo",
    "return": "trả lại văn thư",
    "direct": "chỉ đạo",
    "reassign": "phân công lại",
    "start": "bắt đầu xử lý",
    "complete": "hoàn thành",
}


def transition_for(state: str, action: str) -> Transition:
    """The transition for `action` from `state`, or a 409 saying the document has moved on."""
    transition = _TABLE.get((state, action))
    if transition is None:
        raise Conflict(
            f"Không thể {ACTION_LABELS.get(action, action)} văn bản đang ở trạng thái "
            f"“{State(state).label}”. Có thể người khác vừa xử lý; hãy tải lại trang.",
            code="invalid_state",
        )
    return transition


def allowed_actions(state: str) -> set[str]:
    return {t.action for t in TRANSITIONS if t.state == state}
