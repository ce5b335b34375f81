"""The incoming-document workflow as one explicit table: (state, action) → (who, next state).

A document's state changes only through `transition_for()`, called by the services in services/.
`None` as the next state means the action keeps the state (e.g. re-assignment). The lookups are
edesk.core.workflow's.
"""

from django.utils.translation import gettext_lazy

from edesk.accounts.roles import Perm
from edesk.core.workflow import Transition, Workflow
from edesk.inbound.models import OPEN_STATES, State

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


WORKFLOW = Workflow(TRANSITIONS, REFUSALS, State)
refusal = WORKFLOW.refusal
transition_for = WORKFLOW.transition_for
allowed_actions = WORKFLOW.allowed_actions
