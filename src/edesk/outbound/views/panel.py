"""Which workflow forms the document page offers a person, from access.available_actions."""

from dataclasses import dataclass, field

from django import forms
from django.utils import timezone

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.outbound import forms as outbound_forms
from edesk.outbound.access import available_actions
from edesk.outbound.models import Outgoing, State
from edesk.signing.models import CredentialKind, PendingSignature, PendingState


@dataclass
class Bound:
    """A submitted form to show again in place of the empty one (with its errors)."""

    action: str
    form: forms.Form


@dataclass
class Placement:
    """The page picker shown when the signer's name line was not found in the PDF."""

    sha256: str
    key: str
    pages: list[tuple[int, float, float]]  # (page number from 1, width, height in points)


@dataclass
class ActionPanel:
    actions: set[str] = field(default_factory=set)
    edit: bool = False
    upload: forms.Form | None = None
    submit: forms.Form | None = None
    approve: forms.Form | None = None
    send_back: forms.Form | None = None
    sign: forms.Form | None = None
    remote: forms.Form | None = None
    cms: forms.Form | None = None
    pending: PendingSignature | None = None
    credential: object = None
    no_credential: bool = False
    placement: Placement | None = None
    number: dict | None = None
    issue: bool = False
    recall: forms.Form | None = None
    replace: bool = False  # a link to the draft form, not a workflow action of this document

    def __bool__(self) -> bool:
        return bool(self.actions) or self.replace


def action_panel(
    user, doc: Outgoing, *, bound: Bound | None = None, placement: Placement | None = None
) -> ActionPanel:
    actions = available_actions(user, doc)
    panel = ActionPanel(actions=actions, edit="edit" in actions, placement=placement)

    def pick(action: str, make):
        if bound is not None and bound.action == action:
            return bound.form
        return make()

    if "upload" in actions:
        panel.upload = pick("upload", outbound_forms.VersionForm)
    if "submit" in actions:
        panel.submit = pick("submit", lambda: outbound_forms.CommentForm(prefix_id="submit"))
    if "approve" in actions:
        panel.approve = pick("approve", lambda: outbound_forms.CommentForm(prefix_id="approve"))
    if "return" in actions:
        panel.send_back = pick("return", outbound_forms.ReturnForm)
    if "sign" in actions:
        _sign_forms(user, doc, panel, pick)
    if "number" in actions:
        panel.number = _number_preview(doc)
    panel.issue = "issue" in actions
    if "recall" in actions:
        panel.recall = pick("recall", outbound_forms.RecallForm)
    panel.replace = may_replace(user, doc)
    return panel


def may_replace(user, doc: Outgoing) -> bool:
    """An issued document is replaced by a new draft of its agency (Decree 30 Art. 18.3): offered
    to those who may draft there."""
    return doc.state == State.ISSUED and actor_for(user).has(Perm.OUTGOING_DRAFT, agency_id=doc.owner_id)


def _sign_forms(user, doc: Outgoing, panel: ActionPanel, pick) -> None:
    from edesk.signing.credentials import credential_for_user

    credential = credential_for_user(user)
    panel.credential = credential
    if credential is None:
        panel.no_credential = True
        return
    if credential.kind == CredentialKind.REMOTE:
        panel.remote = pick("remote", outbound_forms.RemoteSignForm)
        panel.pending = (
            PendingSignature.objects.filter(
                object_ref=str(doc.public_id),
                requested_by=user,
                state=PendingState.PENDING,
                expires_at__gt=timezone.now(),
            )
            .order_by("-created_at")
            .first()
        )
        if panel.pending is not None:
            panel.cms = pick("cms", outbound_forms.CmsForm)
    else:
        panel.sign = pick("sign", outbound_forms.SignForm)


def _number_preview(doc: Outgoing) -> dict:
    """The number and date line the clerk's numbering will write (the number itself is taken
    from the register only when it is given, so this shows the notation around it)."""
    from edesk.outbound.numbering import date_line, notation_for

    return {
        "notation": notation_for(doc),
        "date_line": date_line(doc.owner, timezone.localdate()),
    }
