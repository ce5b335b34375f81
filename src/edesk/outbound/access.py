"""Gatekeepers for outgoing documents.

Who sees an outgoing document of agency A:
- its author and its signer;
- the people who acted on any of its review steps, and those who may act on the current one;
- A's members with Perm.OUTGOING_VIEW_ALL (clerks, leaders);
- once it is delivered: the members of a unit of A it was sent to, and a person of A it was sent to.
A secret document is seen by its author, its signer, its reviewers and A's clerks and leaders only
(it has no files and goes by post). Nobody outside A sees this row: a receiving agency sees its
own inbox entry (inbound.Received). Missing and forbidden both answer NotFound.
"""

from django.db.models import Q, QuerySet

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm
from edesk.core.enums import Secrecy
from edesk.core.errors import NotFound
from edesk.documents.models import Attachment
from edesk.outbound import review
from edesk.outbound.models import Outgoing, Recipient, RecipientKind, ReviewEvent, State
from edesk.outbound.transitions import allowed_actions

ACTIONS = ("edit", "upload", "submit", "approve", "return", "sign", "number", "issue", "recall")


def _informed_ids(user) -> QuerySet:
    actor = actor_for(user)
    target = Q(kind=RecipientKind.PERSON, user_id=user.pk)
    if actor.org_ids:
        target |= Q(kind=RecipientKind.UNIT, org_id__in=actor.org_ids)
    return Recipient.objects.filter(target, delivered_at__isnull=False).values("outgoing_id")


def outgoing_visibility(user) -> Q:
    """The condition (on Outgoing) for what `user` may see; an empty match for anonymous users."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    actor = actor_for(user)
    condition = (
        Q(author_id=user.pk)
        | Q(signer_id=user.pk)
        | Q(pk__in=ReviewEvent.objects.filter(actor_id=user.pk).values("outgoing_id"))
        | review.current_actor_condition(user)
    )
    whole = actor.agencies_with(Perm.OUTGOING_VIEW_ALL)
    if whole:
        condition |= Q(owner_id__in=whole)
    condition |= Q(secrecy=Secrecy.NONE, pk__in=_informed_ids(user))
    return condition


def outgoing_visible_to(user) -> QuerySet[Outgoing]:
    return Outgoing.objects.filter(outgoing_visibility(user))


def access_outgoing(user, public_id, *, action: str = "view", for_update: bool = False) -> Outgoing:
    """The document `public_id` (a public UUID or a database id) if `user` may see it.

    What `action` the person may do is the services' check (transition table, step actors);
    here it only chooses whether to lock the row.
    """
    qs = outgoing_visible_to(user)
    if for_update:
        qs = qs.select_for_update(of=("self",))
    key = "public_id" if isinstance(public_id, str) and "-" in public_id else "pk"
    try:
        return qs.get(**{key: public_id})
    except Exception as exc:  # noqa: BLE001 - DoesNotExist, bad ids and malformed UUIDs alike
        if isinstance(exc, Outgoing.MultipleObjectsReturned):
            raise
        raise NotFound() from exc


def access_outgoings(user, public_ids) -> tuple[list[Outgoing], list[str]]:
    """The documents of `public_ids` (public UUIDs) that `user` may see, in the order given, and
    the ids found nowhere (missing and forbidden alike, as access_outgoing answers NotFound)."""
    wanted = list(dict.fromkeys(str(i) for i in public_ids))
    found = {str(o.public_id): o for o in outgoing_visible_to(user).filter(public_id__in=wanted)}
    return [found[i] for i in wanted if i in found], [i for i in wanted if i not in found]


def access_outgoing_file(user, public_id, attachment_id: int) -> Attachment:
    """A file of the outgoing document, if `user` may see the document and it is its own."""
    outgoing = access_outgoing(user, public_id)
    attachment = Attachment.objects.filter(document_id=outgoing.pk, pk=attachment_id).first()
    if attachment is None or outgoing.is_secret:
        raise NotFound()
    return attachment


def available_actions(user, outgoing: Outgoing) -> set[str]:
    """Which buttons the page shows `user` for `outgoing` (the services check again on submit)."""
    if user is None or not user.is_authenticated:
        return set()
    actor = actor_for(user)
    agency = outgoing.owner_id
    possible = allowed_actions(outgoing.state)
    actions: set[str] = set()
    if outgoing.author_id == user.pk:
        actions |= possible & {"edit", "upload", "submit"}
        if outgoing.is_secret:
            actions.discard("upload")
    if possible & {"approve", "return"} and review.is_step_actor(
        user, outgoing, review.current_step(outgoing)
    ):
        actions |= {"approve", "return"}
    signer = outgoing.signer_id == user.pk and not outgoing.is_secret
    if "sign" in possible and signer and actor.has(Perm.OUTGOING_SIGN, agency_id=agency):
        actions.add("sign")
    numberable = outgoing.state == State.SIGNED or outgoing.is_secret
    if "number" in possible and numberable and actor.has(Perm.OUTGOING_NUMBER, agency_id=agency):
        actions.add("number")
    if "issue" in possible and actor.has(Perm.OUTGOING_NUMBER, agency_id=agency):
        actions.add("issue")
    if "recall" in possible and actor.has(Perm.OUTGOING_RECALL, agency_id=agency):
        actions.add("recall")
    return actions
