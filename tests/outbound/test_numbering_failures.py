"""A numbering that fails after the number was taken leaves nothing behind: the number is given
back, no attachment remains, no file is left in storage, and the document is still signed."""

import pytest
from django.utils import timezone

from edesk.core import storage
from edesk.core.errors import UserError
from edesk.documents import services as documents
from edesk.documents.models import Attachment, Blob, Register, RegisterKind
from edesk.outbound import services as outbound
from edesk.outbound.models import State
from edesk.signing import pades
from tests.outbound.story import signed


class SimulatedFailure(Exception):
    pass


def _stored_blob_names() -> set[str]:
    store = storage.backend()
    names = set()
    for first in store.listdir("")[0]:
        for second in store.listdir(first)[0]:
            names.update(store.listdir(f"{first}/{second}")[1])
    return names


def _last_number(cast) -> int:
    register = Register.objects.filter(
        agency=cast.agency_a, year=timezone.localdate().year, kind=RegisterKind.OUTGOING
    ).first()
    return register.last_number if register else 0


def _assert_nothing_left(cast, outgoing) -> None:
    outgoing.refresh_from_db()
    assert outgoing.state == State.SIGNED and outgoing.number is None and outgoing.code_number == ""
    assert _last_number(cast) == 0
    assert not Attachment.objects.filter(document=outgoing, kind="main").exists()
    assert _stored_blob_names() == set(Blob.objects.values_list("sha256", flat=True))


@pytest.mark.django_db(transaction=True)
def test_the_agency_signature_failing_gives_the_number_back(
    cast, signable_pdf, person_credential, agency_credential, monkeypatch
):
    agency_credential(cast.agency_a)
    outgoing = signed(cast, signable_pdf, person_credential)

    def broken(*args, **kwargs):
        raise UserError("Thiết bị ký của cơ quan không phản hồi.", code="hsm_down")

    monkeypatch.setattr(pades, "number_and_seal", broken)
    with pytest.raises(UserError):
        outbound.outgoing_number(actor=cast.clerk_a, outgoing=outgoing)
    _assert_nothing_left(cast, outgoing)
    # Once the signature works again the document takes number 1.
    monkeypatch.undo()
    assert outbound.outgoing_number(actor=cast.clerk_a, outgoing=outgoing).number == 1


@pytest.mark.django_db(transaction=True)
def test_a_failure_after_the_files_were_stored_removes_them(
    cast, signable_pdf, person_credential, agency_credential, monkeypatch
):
    agency_credential(cast.agency_a)
    outgoing = signed(cast, signable_pdf, person_credential)

    def broken(document):
        raise SimulatedFailure()

    monkeypatch.setattr(documents, "document_reindex", broken)
    before = _stored_blob_names()
    with pytest.raises(SimulatedFailure):
        outbound.outgoing_number(actor=cast.clerk_a, outgoing=outgoing)
    assert _stored_blob_names() == before
    _assert_nothing_left(cast, outgoing)


def test_no_agency_credential_is_refused_before_anything_is_kept(cast, signable_pdf, person_credential):
    outgoing = signed(cast, signable_pdf, person_credential)
    with pytest.raises(UserError) as err:
        outbound.outgoing_number(actor=cast.clerk_a, outgoing=outgoing)
    assert err.value.code == "no_agency_credential"
    outgoing.refresh_from_db()
    assert outgoing.state == State.SIGNED and _last_number(cast) == 0
