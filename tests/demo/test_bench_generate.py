"""`manage.py bench_generate`: PostgreSQL only, never over existing data, re-runnable after --reset."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from edesk.inbound.models import Incoming
from edesk.orgs.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the bulk generator writes with PostgreSQL COPY")


def test_refuses_sqlite_with_a_clear_message():
    if connection.vendor == "postgresql":
        pytest.skip("checks the SQLite refusal")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench_generate", documents=10)


def test_refuses_a_database_that_is_not_empty(postgres, cast):
    with pytest.raises(CommandError, match="--reset"):
        call_command("bench_generate", documents=10, agencies=5, users=200)


@pytest.mark.django_db(transaction=True)
def test_command_reruns_into_an_emptied_database(postgres):
    out = io.StringIO()
    call_command("bench_generate", documents=150, agencies=6, users=150, stdout=out)
    first = sorted(Incoming.objects.values_list("subject", flat=True))
    call_command("bench_generate", documents=150, agencies=6, users=150, reset=True, yes=True, stdout=out)
    assert sorted(Incoming.objects.values_list("subject", flat=True)) == first, "same seed, same data"
    assert Incoming.objects.count() == 150 and Organization.objects.filter(is_agency=True).count() == 6
    assert "Xong trong" in out.getvalue()


def test_reset_asks_first_and_a_no_changes_nothing(postgres, cast, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Đã hủy"):
        call_command("bench_generate", documents=10, reset=True)
    assert Organization.objects.filter(pk=cast.agency_a.pk).exists()
