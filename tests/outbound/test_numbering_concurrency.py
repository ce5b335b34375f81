"""Outgoing numbers under load: sixteen clerks numbering sixteen signed documents at the same
moment into one register. The register row is locked from the number being taken until commit
(the agency signature is applied meanwhile), so the numbers must come out 1..16 exactly."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from edesk.accounts.models import User
from edesk.audit import events
from edesk.documents.models import Register, RegisterKind
from edesk.outbound import services as outbound
from edesk.outbound.models import Outgoing, State
from tests.outbound.story import approved, draft

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads writing at once need PostgreSQL (the SQLite test database is shared-cache memory)",
)
THREADS = 16


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_sixteen_clerks_number_sixteen_documents_one_to_sixteen(
    cast, signable_pdf, person_credential, agency_credential
):
    agency_credential(cast.agency_a)
    person_credential(cast.leader_a)
    pdf = signable_pdf(cast.leader_a.full_name, notation="QĐ-STC")
    ids = []
    for k in range(THREADS):
        outgoing = approved(cast, draft(cast, pdf=pdf, subject=f"Quyết định số {k + 1}"))
        ids.append(outbound.outgoing_sign(actor=cast.leader_a, outgoing=outgoing, pin="123456").pk)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run(outgoing_id: int) -> None:
        try:
            clerk = User.objects.get(pk=cast.clerk_a.pk)
            outgoing = Outgoing.objects.get(pk=outgoing_id)
            barrier.wait(timeout=30)
            outbound.outgoing_number(actor=clerk, outgoing=outgoing)
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=run, args=(i,)) for i in ids]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in pool)
    assert errors == []
    register = Register.objects.get(
        agency=cast.agency_a, year=timezone.localdate().year, kind=RegisterKind.OUTGOING
    )
    numbers = sorted(Outgoing.objects.filter(register=register).values_list("number", flat=True))
    assert numbers == list(range(1, THREADS + 1))
    assert register.last_number == THREADS
    assert set(Outgoing.objects.values_list("state", flat=True)) == {State.NUMBERED}
    assert events.verify() == []
