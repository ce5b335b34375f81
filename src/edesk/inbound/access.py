"""Gatekeepers for incoming documents and assignments.

Who sees an incoming document of agency A:
- A's clerks and leaders: every document of A, secret ones included (they register and direct them);
- the leader it was presented to;
- a person it was assigned or delegated to, by name;
- the heads of a unit it was assigned to, but for a secret document only when named personally.
Nobody outside A sees it through any other path. Missing and forbidden both answer NotFound.
"""

import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from edesk.accounts.context import actor_for
from edesk.accounts.models import Membership
from edesk.accounts.roles import Perm
from edesk.core.enums import Secrecy
from edesk.core.errors import Forbidden, NotFound
from edesk.documents.models import Attachment
from edesk.inbound.models import Assignment, Incoming, NoteFile, Received, ReceivedState, State
from edesk.orgs.models import Organization


def _assigned_ids(user) -> QuerySet:
    return Assignment.objects.filter(target_user_id=user.pk).values("incoming_id")


def _unit_assigned_ids(headed_org_ids) -> QuerySet:
    return Assignment.objects.filter(target_org_id__in=headed_org_ids, secrecy=Secrecy.NONE).values(
        "incoming_id"
    )


def incoming_visibility(user) -> Q:
    """The condition (on Incoming) for what `user` may see; an empty match for anonymous users."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    actor = actor_for(user)
    condition = Q(presented_to_id=user.pk) | Q(pk__in=_assigned_ids(user))
    whole_agency = actor.agencies_with(Perm.INCOMING_VIEW_ALL)
    if whole_agency:
        condition |= Q(agency_id__in=whole_agency)
    if actor.headed_org_ids:
        condition |= Q(pk__in=_unit_assigned_ids(actor.headed_org_ids))
    return condition


def incoming_visible_to(user) -> QuerySet[Incoming]:
    return Incoming.objects.filter(incoming_visibility(user))


@dataclass(frozen=True)
class Reach:
    """`incoming_visibility` restated by agency, for lists and search served from indexes.

    Every path to a document runs through a post in its agency (it is presented to a leader of the
    agency, assigned to its members or units, delegated within a unit), so a person sees nothing
    outside the agencies where they hold or held a post: in `whole` every document, in `partial`
    those `personal` picks out. The agency condition is one index range per agency; the OR that
    `incoming_visibility` builds must be checked row by row after joining the tables.
    """

    whole: frozenset[int]
    partial: frozenset[int]
    personal: Q

    def condition(self) -> Q:
        condition = Q(agency_id__in=self.whole)
        if self.partial:
            condition |= Q(agency_id__in=self.partial) & self.personal
        return condition


def incoming_reach(user) -> Reach:
    if user is None or not user.is_authenticated:
        return Reach(frozenset(), frozenset(), Q(pk__in=[]))
    actor = actor_for(user)
    whole = actor.agencies_with(Perm.INCOMING_VIEW_ALL)
    # Ended posts count too: what was assigned under them stays visible, as incoming_visibility says.
    posts = frozenset(Membership.objects.filter(user_id=user.pk).values_list("agency_id", flat=True))
    personal = Q(presented_to_id=user.pk) | Q(pk__in=_assigned_ids(user))
    if actor.headed_org_ids:
        personal |= Q(pk__in=_unit_assigned_ids(actor.headed_org_ids))
    return Reach(whole, posts - whole, personal)


def access_incoming(user, incoming_id, *, action: str = "view", for_update: bool = False) -> Incoming:
    """The document `incoming_id` (a public UUID or a database id) if `user` may see it.

    `action` beyond "view" is checked by the services against the transition table; here it only
    chooses whether to lock the row.
    """
    qs = incoming_visible_to(user)
    if for_update:
        qs = qs.select_for_update(of=("self",))
    key = "public_id" if isinstance(incoming_id, str) and "-" in incoming_id else "pk"
    try:
        return qs.get(**{key: incoming_id})
    except (Incoming.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    except Exception as exc:  # noqa: BLE001 - malformed UUIDs raise ValidationError
        if exc.__class__.__name__ == "ValidationError":
            raise NotFound() from exc
        raise


def assignment_holders_q(user) -> Q:
    """Assignments on `user`'s desk: named to them, or to a unit they head (not yet passed down)."""
    actor = actor_for(user)
    condition = Q(target_user_id=user.pk)
    if actor.headed_org_ids:
        # A unit's part of a secret document is held by nobody: secret documents go to people by
        # name (the services refuse anything else), and a unit head may not even open one.
        condition |= Q(target_org_id__in=actor.headed_org_ids, target_user__isnull=True, secrecy=Secrecy.NONE)
    return condition


def assignments_visible_to(user) -> QuerySet[Assignment]:
    if user is None or not user.is_authenticated:
        return Assignment.objects.none()
    return Assignment.objects.filter(incoming__in=incoming_visible_to(user).values("pk"))


def access_assignment(user, assignment_id, *, action: str = "view", for_update: bool = False) -> Assignment:
    """An assignment `user` holds (for acting on it) or may see (for viewing it)."""
    if user is None or not user.is_authenticated:
        raise NotFound()
    qs = Assignment.objects.select_related("incoming")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    key = "public_id" if isinstance(assignment_id, str) and "-" in assignment_id else "pk"
    try:
        assignment = qs.get(**{key: assignment_id})
    except Exception as exc:  # noqa: BLE001 - DoesNotExist, bad ids and malformed UUIDs alike
        raise NotFound() from exc
    if not incoming_visible_to(user).filter(pk=assignment.incoming_id).exists():
        raise NotFound()
    if (
        action != "view"
        and not Assignment.objects.filter(assignment_holders_q(user), pk=assignment.pk).exists()
    ):
        raise Forbidden(_("Phần việc này không được giao cho bạn."))
    return assignment


def access_agency(user, perm: str, public_id: str | None = None) -> Organization:
    """The agency in which `user` holds `perm` (registering, printing its registers): the one named
    by `public_id`, else that of their first post with it (primary posts come first). NotFound when
    they hold it nowhere, or not in the agency named."""
    if user is None or not user.is_authenticated:
        raise NotFound()
    actor = actor_for(user)
    held = [p.agency_id for p in actor.posts if actor.has(perm, agency_id=p.agency_id)]
    if not held:
        raise NotFound()
    agencies = Organization.objects.filter(pk__in=held, active=True).select_related("parent")
    if public_id:
        try:
            agency = agencies.filter(public_id=uuid.UUID(str(public_id))).first()
        except ValueError as exc:
            raise NotFound() from exc
    else:
        agency = min(agencies, key=lambda a: held.index(a.pk), default=None)
    if agency is None:
        raise NotFound()
    return agency


def access_attachment(user, incoming_id, attachment_id) -> Attachment:
    """A file of the document `incoming_id`, if `user` may see the document and the file is its own.

    A secret document has no files on the system; should one ever be attached, it is not served.
    Nor are the files of a document its sender recalled.
    """
    incoming = access_incoming(user, incoming_id)
    if incoming.is_secret or incoming.state == State.RECALLED:
        # A recalled document stays as the trail of the recall; its files are withdrawn.
        raise NotFound()
    attachment = Attachment.objects.filter(document_id=incoming.pk, pk=attachment_id).first()
    if attachment is None:
        raise NotFound()
    return attachment


def access_note_file(user, incoming_id, file_id) -> NoteFile:
    """A file of a progress note on the document `incoming_id`, under the same rules as its files."""
    incoming = access_incoming(user, incoming_id)
    if incoming.is_secret or incoming.state == State.RECALLED:
        raise NotFound()
    note_file = NoteFile.objects.filter(note__assignment__incoming_id=incoming.pk, pk=file_id).first()
    if note_file is None:
        raise NotFound()
    return note_file


def received_agencies(user) -> frozenset[int]:
    """Agencies whose electronic inbox `user` reads: where they are a clerk or a leader."""
    if user is None or not user.is_authenticated:
        return frozenset()
    actor = actor_for(user)
    return actor.agencies_with(Perm.INCOMING_REGISTER) | actor.agencies_with(Perm.INCOMING_DIRECT)


def received_visible_to(user) -> QuerySet[Received]:
    """Deliveries from other agencies that `user` may see: those to an agency where they are a clerk
    (who registers them) or a leader. Nobody else, and never the deliveries to another agency."""
    return Received.objects.filter(agency_id__in=received_agencies(user))


def access_received(user, public_id, *, action: str = "view", for_update: bool = False) -> Received:
    """The delivery `public_id` (a public UUID or a database id) if `user` may see it.

    `action` other than "view" ("open", "register") needs the clerk's permission in the receiving
    agency: a leader reads the inbox, the clerk acts on it. Missing and forbidden both are NotFound.
    """
    qs = received_visible_to(user).select_related("document", "agency")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    key = "public_id" if isinstance(public_id, uuid.UUID) or "-" in str(public_id) else "pk"
    try:
        received = qs.get(**{key: public_id})
    except Exception as exc:  # noqa: BLE001 - DoesNotExist, bad ids and malformed UUIDs alike
        raise NotFound() from exc
    if action != "view" and not actor_for(user).has(Perm.INCOMING_REGISTER, agency_id=received.agency_id):
        raise Forbidden(_("Chỉ văn thư của cơ quan nhận được vào sổ văn bản điện tử."))
    return received


def access_received_file(user, public_id, attachment_id) -> Attachment:
    """A file of the sender's document of the delivery `public_id`, while the delivery is the
    recipient's to read: not once recalled, and never for a secret document."""
    received = access_received(user, public_id)
    if received.state == ReceivedState.RECALLED or received.document.is_secret:
        raise NotFound()
    attachment = Attachment.objects.filter(document_id=received.document_id, pk=attachment_id).first()
    if attachment is None:
        raise NotFound()
    return attachment
