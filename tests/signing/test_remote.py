"""Remote signing: the server prepares, a signing client signs the digest, the server embeds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from edesk.core import storage
from edesk.core.errors import UserError
from edesk.documents.models import Blob
from edesk.signing import devca, remote
from edesk.signing.client import sign_digest
from edesk.signing.credentials import certificate_facts
from edesk.signing.models import PendingSignature, PendingState
from edesk.signing.services import credential_register_remote
from edesk.signing.verify import verify_pdf
from tests import pki
from tests.signing.test_pades import pdfsig, save_render


@pytest.fixture
def token(cast, trusted_dev_ca):
    """A USB token's key and certificate; only the certificate is registered on the server."""
    key, cert = trusted_dev_ca.issue_person(cast.leader_a.get_full_name(), key=pki.pooled_key())
    credential = credential_register_remote(
        actor=cast.leader_a, user=cast.leader_a, certificate_pem=devca.cert_pem(cert)
    )
    return credential, key, cert, trusted_dev_ca.chain


def prepare(cast, credential, signable_pdf):
    name = cast.leader_a.get_full_name()
    return remote.remote_prepare(
        actor=cast.leader_a,
        credential=credential,
        pdf=signable_pdf(name),
        purpose="outgoing.sign",
        object_ref="test-1",
        signer_name=name,
    )


def test_happy_path(cast, token, signable_pdf, tmp_path):
    credential, key, cert, chain = token
    pending = prepare(cast, credential, signable_pdf)
    assert len(pending.document_digest) == 64
    cms = sign_digest(pending.document_digest, key=key, cert=cert, chain=chain)
    signed = remote.remote_complete(actor=cast.leader_a, pending=pending, cms=cms)
    (sig,) = verify_pdf(signed).signatures
    assert sig.intact and sig.trusted and not sig.problems
    assert "Signature is Valid" in pdfsig(signed, tmp_path)
    pending.refresh_from_db()
    assert pending.state == PendingState.COMPLETED
    save_render(signed, "remote-signed", tmp_path)
    with pytest.raises(UserError) as again:
        remote.remote_complete(actor=cast.leader_a, pending=pending, cms=cms)
    assert again.value.code == "expired"


def test_cms_by_another_key_is_refused(cast, token, signable_pdf, trusted_dev_ca):
    credential, _key, cert, chain = token
    pending = prepare(cast, credential, signable_pdf)
    forged = sign_digest(pending.document_digest, key=pki.fresh_key(), cert=cert, chain=chain)
    with pytest.raises(UserError) as caught:
        remote.remote_complete(actor=cast.leader_a, pending=pending, cms=forged)
    assert caught.value.code == "bad_signature"
    other_key, other_cert = trusted_dev_ca.issue_person("Người Khác", key=pki.pooled_key())
    with pytest.raises(UserError) as caught:
        remote.remote_complete(
            actor=cast.leader_a,
            pending=pending,
            cms=sign_digest(pending.document_digest, key=other_key, cert=other_cert, chain=chain),
        )
    assert caught.value.code == "wrong_certificate"
    with pytest.raises(UserError) as caught:
        remote.remote_complete(actor=cast.leader_a, pending=pending, cms=b"not a cms")
    assert caught.value.code == "bad_signature"
    pending.refresh_from_db()
    assert pending.state == PendingState.PENDING


def test_client_never_returns(cast, token, signable_pdf, django_capture_on_commit_callbacks):
    credential, key, cert, chain = token
    pending = prepare(cast, credential, signable_pdf)
    prepared = pending.prepared_id
    assert storage.backend().exists(storage.blob_path(prepared))
    PendingSignature.objects.filter(pk=pending.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert remote.remote_expire_due() == 1
    pending.refresh_from_db()
    assert pending.state == PendingState.EXPIRED and pending.prepared_id is None
    assert not Blob.objects.filter(sha256=prepared).exists()
    assert not storage.backend().exists(storage.blob_path(prepared))
    with pytest.raises(UserError) as caught:
        remote.remote_complete(
            actor=cast.leader_a,
            pending=pending,
            cms=sign_digest(pending.document_digest, key=key, cert=cert, chain=chain),
        )
    assert caught.value.code == "expired"
    assert remote.remote_expire_due() == 0


def test_only_the_owner_prepares(cast, token, signable_pdf):
    credential = token[0]
    with pytest.raises(UserError):
        remote.remote_prepare(
            actor=cast.clerk_a,
            credential=credential,
            pdf=signable_pdf("X"),
            purpose="p",
            object_ref="o",
            signer_name="X",
        )


def test_certificate_facts(token):
    credential, _key, cert, _chain = token
    assert certificate_facts(cert).fingerprint == credential.fingerprint
