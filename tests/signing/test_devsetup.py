"""The demo's signing set-up: dev CA, credentials for leaders and agencies, idempotent."""

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from edesk.signing.credentials import credential_for_agency, credential_for_user
from edesk.signing.devca import DevCA
from edesk.signing.devsetup import provision_demo
from edesk.signing.models import Credential
from tests import pki


def test_signing_dev_ca_command_is_idempotent(cast, settings, tmp_path, capsys):
    settings.EDESK_PKI_DIR = tmp_path / "pki"
    settings.EDESK_TRUST_ROOTS = ""
    call_command("signing_dev_ca")
    assert DevCA.exists(tmp_path / "pki")
    assert credential_for_user(cast.leader_a).kind == "pkcs12"
    assert credential_for_user(cast.leader_b) is not None
    assert credential_for_user(cast.clerk_a) is None
    seal = credential_for_agency(cast.agency_a)
    assert seal is not None and seal.wrapped_pin and seal.image_id
    count = Credential.objects.count()
    call_command("signing_dev_ca")
    assert Credential.objects.count() == count
    assert "PIN 123456" in capsys.readouterr().out


def test_demo_certificates_are_valid_from_before_the_demo_history(cast, settings, tmp_path):
    """The demo signs at moments of its past: its certificates start 400 days back (as the CA)."""
    settings.EDESK_PKI_DIR = tmp_path / "pki"
    settings.EDESK_TRUST_ROOTS = ""
    provision_demo()
    ca = DevCA.load(tmp_path / "pki")
    now = timezone.now()
    for credential in Credential.objects.all():
        age = now - credential.not_before
        assert dt.timedelta(days=399) < age <= dt.timedelta(days=400, minutes=5), credential
        assert credential.not_before >= ca.issuing.not_valid_before_utc


def test_a_leaf_never_starts_before_its_issuing_ca(settings, tmp_path):
    ca = DevCA.create(tmp_path / "pki", key_factory=pki.pooled_key)
    _key, cert = ca.issue_person(
        "Người Thử", key=pki.pooled_key(), not_before=timezone.now() - dt.timedelta(days=900)
    )
    assert cert.not_valid_before_utc == ca.issuing.not_valid_before_utc
    _key, cert = ca.issue_person("Người Thử", key=pki.pooled_key())
    assert timezone.now() - cert.not_valid_before_utc < dt.timedelta(days=1, minutes=5)
