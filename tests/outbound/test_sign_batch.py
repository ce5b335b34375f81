"""Ký hàng loạt: the signer signs several approved documents with one PIN entry, the key unlocked
once for the request; the documents that cannot be signed are skipped with their reason."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edesk.accounts import services as accounts
from edesk.accounts.roles import Role
from edesk.audit.models import AuditEvent
from edesk.core import storage
from edesk.core.errors import UserError
from edesk.outbound import services as outbound
from edesk.outbound.models import Outgoing, ReviewAction, ReviewEvent, State
from edesk.signing import keys
from edesk.signing.verify import verify_pdf
from tests.api.conftest import client_for
from tests.conftest import PASSWORD
from tests.outbound.story import approved, draft

pytestmark = pytest.mark.django_db
PIN = "123456"
DESK = reverse("outbound:desk")
BATCH = reverse("outbound:sign_batch")
API = "/api/v1/outgoing/sign-batch/"


def _approved(cast, signable_pdf, n: int, *, signer=None) -> list[Outgoing]:
    """`n` documents approved through the default chain, to be signed by `signer` (leader_a)."""
    signer = signer or cast.leader_a
    pdf = signable_pdf(signer.full_name, notation="QĐ-STC")
    docs = []
    for i in range(n):
        outgoing = draft(cast, pdf=pdf, signer_id=signer.pk, subject=f"Quyết định số {i + 1} về kế hoạch")
        outgoing = outbound.draft_submit(actor=outgoing.author, outgoing=outgoing)
        for reviewer in (cast.head_a, cast.clerk_a, signer):
            outgoing = outbound.review_approve(actor=reviewer, outgoing=outgoing, comment="Đồng ý.")
        docs.append(outgoing)
    return docs


def _deputy(cast):
    """A second leader of agency A, the chosen signer of some documents."""
    user = accounts.user_create(actor=None, username="pgd.stc", full_name="Trần Quốc Việt", password=PASSWORD)
    accounts.membership_add(actor=None, user=user, org=cast.agency_a, role=Role.LEADER, title="Phó Giám đốc")
    return user


@pytest.fixture
def unlocks(monkeypatch):
    """How many times a PKCS#12 key was unlocked (each unlock is ~50 ms of deliberate PBKDF)."""
    calls = []
    real = keys.pkcs12_signer

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(keys, "pkcs12_signer", counting)
    return calls


def test_three_documents_signed_with_one_unlock(cast, signable_pdf, person_credential, unlocks):
    person_credential(cast.leader_a)
    docs = _approved(cast, signable_pdf, 3)
    result = outbound.outgoing_sign_batch(actor=cast.leader_a, outgoings=docs, pin=PIN)
    assert [o.pk for o in result.signed] == [o.pk for o in docs] and result.skipped == []
    assert len(unlocks) == 1
    for doc in docs:
        doc.refresh_from_db()
        assert doc.state == State.SIGNED and doc.signed_by == cast.leader_a
        (signature,) = verify_pdf(storage.read_blob(doc.signed_blob_id)).as_dict()["signatures"]
        assert signature["intact"] and signature["trusted"]
    # Each document has its own trail, as when signed one by one.
    events = AuditEvent.objects.filter(action="outgoing.sign")
    assert events.count() == 3
    assert ReviewEvent.objects.filter(action=ReviewAction.SIGN, outgoing__in=docs).count() == 3


def test_the_ones_that_cannot_be_signed_are_skipped_with_the_reason(cast, signable_pdf, person_credential):
    person_credential(cast.leader_a)
    deputy = _deputy(cast)
    good = _approved(cast, signable_pdf, 2)
    in_review = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast, subject="Còn đang duyệt"))
    others = _approved(cast, signable_pdf, 1, signer=deputy)
    unplaceable = approved(cast, draft(cast, subject="Không có dòng tên người ký"))  # make_pdf: no name line
    batch = [good[0], in_review, others[0], unplaceable, good[1]]
    result = outbound.outgoing_sign_batch(actor=cast.leader_a, outgoings=batch, pin=PIN)
    assert [o.pk for o in result.signed] == [good[0].pk, good[1].pk]
    reasons = {s.outgoing.pk: (s.code, s.detail) for s in result.skipped}
    assert reasons[in_review.pk][0] == "invalid_state" and "đã được duyệt" in reasons[in_review.pk][1]
    assert reasons[others[0].pk] == ("forbidden", "Chỉ người ký được chọn cho văn bản mới được ký.")
    assert reasons[unplaceable.pk][0] == "placement_required"
    assert "Không tìm thấy tên người ký" in reasons[unplaceable.pk][1]
    for doc, state in (
        (in_review, State.IN_REVIEW),
        (others[0], State.APPROVED),
        (unplaceable, State.APPROVED),
    ):
        doc.refresh_from_db()
        assert doc.state == state and doc.signed_blob_id is None
    # Signing the same list again: the signed ones are now refused as already signed.
    again = outbound.outgoing_sign_batch(actor=cast.leader_a, outgoings=good, pin=PIN)
    assert again.signed == [] and {s.code for s in again.skipped} == {"invalid_state"}


def test_a_wrong_pin_signs_nothing_and_never_reaches_the_logs(cast, signable_pdf, person_credential, caplog):
    person_credential(cast.leader_a, pin="246810")
    docs = _approved(cast, signable_pdf, 2)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(UserError) as err:
        outbound.outgoing_sign_batch(actor=cast.leader_a, outgoings=docs, pin="999777")
    assert err.value.code == "wrong_pin" and "999777" not in str(err.value)
    assert "999777" not in caplog.text and "246810" not in caplog.text
    assert not AuditEvent.objects.filter(action="outgoing.sign").exists()
    for doc in docs:
        doc.refresh_from_db()
        assert doc.state == State.APPROVED and doc.signed_blob_id is None


def test_without_a_credential_nothing_is_signed(cast, signable_pdf):
    docs = _approved(cast, signable_pdf, 1)
    with pytest.raises(UserError) as err:
        outbound.outgoing_sign_batch(actor=cast.leader_a, outgoings=docs, pin=PIN)
    assert err.value.code == "no_credential"


def test_a_batch_is_bounded(cast, person_credential):
    person_credential(cast.leader_a)
    many = [Outgoing(pk=i) for i in range(1, outbound.SIGN_BATCH_MAX + 2)]
    with pytest.raises(UserError) as err:
        outbound.outgoing_sign_batch(actor=cast.leader_a, outgoings=many, pin=PIN)
    assert err.value.code == "batch_too_large"


def test_queries_grow_by_a_constant_per_document(cast, signable_pdf, person_credential):
    person_credential(cast.leader_a)
    docs = _approved(cast, signable_pdf, 6)
    counts = []
    for chunk in (docs[:1], docs[1:3], docs[3:6]):
        with CaptureQueriesContext(connection) as ctx:
            result = outbound.outgoing_sign_batch(actor=cast.leader_a, outgoings=chunk, pin=PIN)
        assert len(result.signed) == len(chunk)
        counts.append(len(ctx.captured_queries))
    per_document = counts[1] - counts[0]
    assert counts[2] - counts[1] == per_document
    assert per_document <= 20, counts


def test_the_desk_page_signs_the_ticked_documents(client, cast, signable_pdf, person_credential):
    person_credential(cast.leader_a)
    docs = _approved(cast, signable_pdf, 3)
    in_review = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast, subject="Còn đang duyệt"))
    client.force_login(cast.leader_a)
    html = client.get(DESK + "?q=to_sign").content.decode()
    assert 'form="sign-batch"' in html and "Ký các văn bản đã chọn" in html
    assert html.count('name="ids"') == 3
    # Nothing ticked: the form says so and nothing is signed.
    html = client.post(BATCH, {"pin": PIN}).content.decode()
    assert "Hãy chọn ít nhất một văn bản để ký." in html
    # Wrong PIN: shown on the form, nothing signed.
    html = client.post(BATCH, {"ids": [str(docs[0].public_id)], "pin": "000000"}).content.decode()
    assert "Mã PIN không đúng." in html and "Kết quả ký hàng loạt" not in html
    assert Outgoing.objects.filter(state=State.SIGNED).count() == 0
    ticked = [str(docs[0].public_id), str(docs[2].public_id), str(in_review.public_id)]
    response = client.post(BATCH, {"ids": ticked, "pin": PIN}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html  # the queue fragment only
    assert "Kết quả ký hàng loạt" in html and "Đã ký số 2 văn bản:" in html
    assert "Không ký 1 văn bản:" in html and "Còn đang duyệt" in html and "đã được duyệt" in html
    assert html.count('name="ids"') == 1  # the one left to sign
    assert set(Outgoing.objects.filter(state=State.SIGNED).values_list("pk", flat=True)) == {
        docs[0].pk,
        docs[2].pk,
    }


def test_the_batch_form_is_offered_only_with_a_key_on_the_server(client, cast, signable_pdf):
    _approved(cast, signable_pdf, 1)
    client.force_login(cast.leader_a)
    html = client.get(DESK + "?q=to_sign").content.decode()
    assert "Quyết định số 1" in html and "Ký các văn bản đã chọn" not in html


def test_the_api_signs_a_batch(cast, signable_pdf, person_credential):
    person_credential(cast.leader_a)
    docs = _approved(cast, signable_pdf, 2)
    in_review = outbound.draft_submit(actor=cast.spec_a, outgoing=draft(cast, subject="Còn đang duyệt"))
    unknown = "00000000-0000-4000-8000-000000000000"
    api = client_for(cast.leader_a)
    ids = [str(docs[0].public_id), str(in_review.public_id), unknown, str(docs[1].public_id)]
    wrong = api.post(API, {"ids": ids, "pin": "000000"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "wrong_pin"
    response = api.post(API, {"ids": ids, "pin": PIN}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["signed"] == [str(docs[0].public_id), str(docs[1].public_id)]
    refused, missing = body["skipped"]
    assert refused["id"] == str(in_review.public_id) and refused["code"] == "invalid_state"
    assert refused["detail"].startswith("Chỉ ký được văn bản đã được duyệt")
    assert missing == {
        "id": unknown,
        "detail": "Không tìm thấy hoặc bạn không có quyền truy cập.",
        "code": "not_found",
    }
    empty = api.post(API, {"ids": [], "pin": PIN}, format="json")
    assert empty.status_code == 400 and empty.json()["code"] == "min_length"
    assert client_for(None).post(API, {"ids": ids, "pin": PIN}, format="json").status_code == 401
