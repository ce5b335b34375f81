"""A document workflow as one explicit table: (state, action) → (permission, next state).

Each document app (inbound, outbound) writes its own table and refusal sentences in its
transitions.py and wraps them in a `Workflow`; the lookups and the 409 they raise are the same for
every table and live here.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from edesk.core.errors import Conflict


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    # None: the permission is not a role's but a person's (the author, a reviewer), which the
    # service checks itself.
    perm: str | None
    # None keeps the state (an edit, a re-assignment).
    next_state: str | None


class Workflow:
    """The lookups over one table of transitions; `refusals` holds one whole sentence per action
    (word order differs between languages, so each refusal is translated as a unit) with a
    `%(state)s` placeholder for the label of `states`."""

    def __init__(
        self,
        transitions: Iterable[Transition],
        refusals: Mapping[str, str | Promise],
        states: type[TextChoices],
    ) -> None:
        self.transitions = tuple(transitions)
        self.refusals = refusals
        self.states = states
        self._table = {(t.state, t.action): t for t in self.transitions}

    def refusal(self, state: str, action: str) -> str:
        """Why `action` is refused in `state`, in the active language."""
        sentence = self.refusals[action] % {"state": self.states(state).label}
        hint = _("Có thể người khác vừa xử lý; hãy tải lại trang.")
        return f"{sentence} {hint}"

    def transition_for(self, state: str, action: str) -> Transition:
        """The transition for `action` from `state`, or a 409 saying the document has moved on."""
        transition = self._table.get((state, action))
        if transition is None:
            raise Conflict(self.refusal(state, action), code="invalid_state")
        return transition

    def allowed_actions(self, state: str) -> set[str]:
        return {t.action for t in self.transitions if t.state == state}
