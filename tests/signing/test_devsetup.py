"""The demo's signing set-up: dev CA, credentials for leaders and agencies, idempotent."""

from django.core.management import call_command

from edesk.signing.credentials import credential_for_agency, credential_for_user
from edesk.signing.devca import DevCA
from edesk.signing.models import Credential


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
