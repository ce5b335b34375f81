"""Delivery to several agencies at once (what issuance uses): one insert, one audit event per
receiving agency, idempotent, and all-or-nothing when one agency is refused."""

import pytest

from edesk.audit.models import AuditEvent
from edesk.core.errors import UserError
from edesk.inbound.models import Received, ReceivedState
from edesk.inbound.services.received import received_deliver, received_deliver_many
from edesk.orgs import services as orgs
from tests.inbound.test_received import sent_document

pytestmark = pytest.mark.django_db


def third_agency():
    return orgs.org_create(actor=None, name="Sở Xây dựng", short_name="SXD", is_agency=True)


def test_delivers_to_each_agency_with_its_own_audit_event(cast):
    document = sent_document(cast)
    agency_c = third_agency()
    entries = received_deliver_many(actor=cast.clerk_a, document=document, agencies=[cast.agency_b, agency_c])
    assert set(entries) == {cast.agency_b.pk, agency_c.pk}
    assert all(e.state == ReceivedState.WAITING and e.document_id == document.pk for e in entries.values())
    events = AuditEvent.objects.filter(action="received.deliver")
    assert sorted(events.values_list("agency_id", flat=True)) == sorted([cast.agency_b.pk, agency_c.pk])


def test_repeating_or_mixing_with_single_delivery_records_nothing_new(cast):
    document = sent_document(cast)
    agency_c = third_agency()
    single = received_deliver(actor=cast.clerk_a, document=document, agency=cast.agency_b)
    entries = received_deliver_many(actor=cast.clerk_a, document=document, agencies=[cast.agency_b, agency_c])
    again = received_deliver_many(actor=cast.clerk_a, document=document, agencies=[cast.agency_b, agency_c])
    assert entries[cast.agency_b.pk].pk == single.pk == again[cast.agency_b.pk].pk
    assert Received.objects.filter(document=document).count() == 2
    assert AuditEvent.objects.filter(action="received.deliver").count() == 2


def test_one_refused_agency_delivers_nothing(cast):
    document = sent_document(cast)
    with pytest.raises(UserError) as own:
        received_deliver_many(actor=cast.clerk_a, document=document, agencies=[cast.agency_b, cast.agency_a])
    assert own.value.code == "own_agency"
    assert not Received.objects.exists()
    assert not AuditEvent.objects.filter(action="received.deliver").exists()
