"""The review-chain settings page (agency administrators) and the signing credential page."""

import io

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.urls import reverse

from edesk.accounts import services as accounts
from edesk.accounts.roles import Role
from edesk.outbound.models import ReviewChain
from edesk.signing import devca
from edesk.signing.images import seal_png, signature_png
from edesk.signing.models import Credential, CredentialKind
from tests import pki

pytestmark = pytest.mark.django_db
CHAINS = reverse("outbound:chains")
CREDENTIALS = reverse("outbound:credentials")


@pytest.fixture
def admin_a(cast):
    user = accounts.user_create(actor=None, username="qt.stc", full_name="Quản Trị Sở", password="x")
    accounts.membership_add(actor=None, user=user, org=cast.agency_a, role=Role.ADMIN, title="Quản trị")
    return user


def test_chain_page_shows_the_default_steps_to_the_agency_admin(client, cast, admin_a):
    client.force_login(admin_a)
    html = client.get(CHAINS).content.decode()
    assert "Quy trình duyệt văn bản đi" in html and "Sở Tài chính" in html
    assert html.count('value="unit_head" selected') == 1 and html.count('value="clerk" selected') == 1


@pytest.mark.parametrize("who", ["clerk_a", "leader_a", "spec_a", "outsider"])
def test_chain_page_is_404_for_others(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(CHAINS).status_code == 404


def test_admin_sets_a_chain_for_decisions(client, cast, admin_a):
    client.force_login(admin_a)
    data = {
        "s0-kind": "content",
        "s0-role": "",
        "s0-user": str(cast.head_a.public_id),
        "s1-kind": "sign",
        "s1-role": "leader",
        "s1-user": "",
    }
    response = client.post(CHAINS + "?loai=quyet_dinh", data)
    assert response.status_code == 302
    chain = ReviewChain.objects.get(agency=cast.agency_a, doc_type="quyet_dinh")
    steps = list(chain.steps.values_list("order", "kind", "role", "user_id"))
    assert steps == [(1, "content", "", cast.head_a.pk), (2, "sign", "leader", None)]


def test_an_empty_chain_is_refused_in_vietnamese(client, cast, admin_a):
    client.force_login(admin_a)
    response = client.post(CHAINS, {})
    assert response.status_code == 200
    assert "Quy trình duyệt phải có ít nhất một bước." in response.content.decode()


def test_person_imports_a_pkcs12_and_sees_it(client, cast, trusted_dev_ca):
    key, cert = trusted_dev_ca.issue_person(cast.leader_a.full_name, key=pki.pooled_key())
    p12 = devca.pkcs12_bytes(key, cert, trusted_dev_ca.chain, "246810")
    png = signature_png(cast.leader_a.full_name)
    client.force_login(cast.leader_a)
    data = {
        "action": "p12",
        "p12-p12file": io.BytesIO(p12),
        "p12-pin": "000000",
        "p12-image_width_mm": "35",
    }
    response = client.post(CREDENTIALS, data)
    assert response.status_code == 200 and "Mã PIN không đúng" in response.content.decode()
    assert not Credential.objects.exists()
    data.update({"p12-p12file": io.BytesIO(p12), "p12-pin": "246810", "p12-image": io.BytesIO(png)})
    assert client.post(CREDENTIALS, data).status_code == 302
    credential = Credential.objects.get(user=cast.leader_a)
    html = client.get(CREDENTIALS).content.decode()
    assert cast.leader_a.full_name in html and "Hiệu lực từ" in html
    image = client.get(reverse("outbound:credential_image", args=[credential.public_id]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    client.force_login(cast.spec_a)
    assert client.get(reverse("outbound:credential_image", args=[credential.public_id])).status_code == 404


def test_person_registers_a_usb_token_certificate(client, cast, trusted_dev_ca):
    _key, cert = trusted_dev_ca.issue_person(cast.leader_a.full_name, key=pki.pooled_key())
    client.force_login(cast.leader_a)
    der = io.BytesIO(cert.public_bytes(Encoding.DER))
    der.name = "token.cer"
    assert client.post(CREDENTIALS, {"action": "remote", "remote-certificate": der}).status_code == 302
    assert Credential.objects.get(user=cast.leader_a).kind == CredentialKind.REMOTE
    bad = io.BytesIO(b"not a certificate")
    bad.name = "x.cer"
    response = client.post(CREDENTIALS, {"action": "remote", "remote-certificate": bad})
    assert "Tệp không phải chứng thư số hợp lệ." in response.content.decode()


def test_agency_admin_adds_the_seal_others_cannot(client, cast, admin_a, trusted_dev_ca):
    key, cert = trusted_dev_ca.issue_agency(cast.agency_a.name, key=pki.pooled_key())
    p12 = devca.pkcs12_bytes(key, cert, trusted_dev_ca.chain, "135790")
    data = {
        "action": "agency_p12",
        "agency": str(cast.agency_a.public_id),
        "agency_p12-p12file": io.BytesIO(p12),
        "agency_p12-pin": "135790",
        "agency_p12-image": io.BytesIO(seal_png(cast.agency_a.name)),
        "agency_p12-image_width_mm": "36",
    }
    client.force_login(cast.clerk_a)
    assert "Chữ ký số của cơ quan" not in client.get(CREDENTIALS).content.decode()
    assert client.post(CREDENTIALS, data).status_code == 404
    client.force_login(admin_a)
    data["agency_p12-p12file"] = io.BytesIO(p12)
    data["agency_p12-image"] = io.BytesIO(seal_png(cast.agency_a.name))
    assert client.post(CREDENTIALS, data).status_code == 302
    seal = Credential.objects.get(agency=cast.agency_a)
    assert seal.wrapped_pin and seal.image_width_mm == 36
    assert cast.agency_a.name in client.get(CREDENTIALS).content.decode()
