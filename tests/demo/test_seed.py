"""The Huế demo: what `make run` loads and what the README promises about it."""

import io
import re
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from edesk.accounts.models import Membership, User
from edesk.accounts.roles import Role
from edesk.audit import events
from edesk.audit.models import AuditEvent
from edesk.demo import seed
from edesk.documents.models import OUTGOING_KINDS, Attachment, Register
from edesk.inbound.access import incoming_reach, incoming_visible_to
from edesk.inbound.models import Incoming, State
from edesk.inbound.selectors import Queue, RegisterFilters, desk_counts, register_list, search
from edesk.orgs.models import Organization
from edesk.search import query as search_query

pytestmark = pytest.mark.django_db
DOCUMENTS = 130  # the scripted stories (110) and a few random ones: enough to check, quick to load
DEMO_BLOBS: list[Path] = []  # where the module's demo keeps its files (each test gets its own storage)


def demo_blob(sha256: str) -> bytes:
    return (DEMO_BLOBS[-1] / sha256[:2] / sha256[2:4] / sha256).read_bytes()


@contextmanager
def demo_environment(tmp_path_factory):
    """Files in a temporary directory and a fast password hasher, for a module-wide fixture (the
    per-test ones in conftest cannot serve a fixture that outlives one test)."""
    blobs = tmp_path_factory.mktemp("blobs")
    DEMO_BLOBS.append(blobs)
    overrides = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EDESK_PKI_DIR=tmp_path_factory.mktemp("pki"),
        EDESK_TRUST_ROOTS="",
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "documents": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(blobs)},
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    with overrides:
        storages._storages.pop("documents", None)
        try:
            yield
        finally:
            storages._storages.pop("documents", None)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the module through the command and rolled back afterwards."""
    out = io.StringIO()
    with django_db_blocker.unblock(), demo_environment(tmp_path_factory), transaction.atomic():
        call_command("seed_demo", documents=DOCUMENTS, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_first_run_says_what_it_made(demo):
    assert "Đã tạo dữ liệu mẫu" in demo
    assert f"{DOCUMENTS} văn bản đến" in demo
    assert re.search(r"\d+ văn bản đi", demo)


@pytest.mark.parametrize("login", seed.DEMO_LOGINS, ids=lambda login: login.username)
def test_every_demo_login_works_with_the_published_password(demo, login):
    user = authenticate(username=login.username, password=seed.PASSWORD)
    assert user is not None and user.username == login.username
    if login.agency_key is None:
        assert user.is_system_admin
        return
    post = Membership.objects.select_related("org", "agency").get(user=user, role=login.role)
    assert post.agency.code is not None
    expected_org = login.unit_key or login.agency_key
    assert post.org.name == _spec_name(expected_org)


def _spec_name(key: str) -> str:
    from edesk.demo.orgdata import HUE_TREE, iter_specs

    return next(spec.name for spec, _ in iter_specs(HUE_TREE) if spec.key == key)


def test_the_city_tree_and_its_identifier_codes(demo):
    root = Organization.objects.get(code="000.00.00.H57")
    assert root.name == "UBND thành phố Huế" and root.parent is None
    agencies = Organization.objects.filter(is_agency=True)
    departments = agencies.filter(parent=root, name__startswith="Sở ")
    communes = agencies.filter(parent=root, name__regex=r"^UBND (phường|xã) ")
    assert departments.count() >= 6
    assert communes.count() >= 4
    assert agencies.filter(parent=root, name__startswith="Văn phòng").exists()
    for agency in agencies:
        assert re.fullmatch(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}", agency.code), agency
    for agency in agencies.exclude(pk=root.pk):
        roles = set(Membership.objects.filter(agency=agency).values_list("role", flat=True))
        assert roles == set(Role.values), agency
        assert Organization.objects.filter(agency=agency, is_agency=False).exists(), agency


def test_somebody_holds_two_posts(demo):
    deputy = User.objects.get(
        memberships__org__name="Phòng Quản lý giá và công sản", memberships__role="unit_head"
    )
    roles = set(Membership.objects.filter(user=deputy).values_list("role", flat=True))
    assert roles == {Role.LEADER, Role.UNIT_HEAD}


def test_the_demo_desks_are_alive(demo):
    def counts(username):
        return desk_counts(User.objects.get(username=username))

    assert counts("vt.stc")[Queue.TO_PRESENT] >= 4
    assert counts("ld.stc")[Queue.TO_DIRECT] >= 5
    head = counts("tp.stc")
    assert head[Queue.TO_HANDLE] >= 4 and head[Queue.IN_PROGRESS] >= 4
    specialist = counts("cv.stc")
    assert specialist[Queue.IN_PROGRESS] + specialist[Queue.TO_HANDLE] >= 5
    assert specialist[Queue.OVERDUE] >= 2
    assert specialist[Queue.FOR_INFO] >= 3
    assert counts("ld.ubnd")[Queue.TO_DIRECT] >= 5
    assert counts("vt.thuanhoa")[Queue.TO_PRESENT] >= 4


def test_documents_reach_every_state_with_real_files_and_numbers(demo):
    states = set(Incoming.objects.values_list("state", flat=True))
    # The recalled one: registered from another agency's electronic delivery, then recalled by it.
    assert states == set(State.values)
    assert Incoming.objects.filter(urgency=3).exists()
    secret = Incoming.objects.filter(secrecy__gt=0)
    assert secret.exists()
    assert not Attachment.objects.filter(document__in=secret).exists()
    assert (
        not Attachment.objects.filter(document__incoming__secrecy=0)
        .exclude(content_type="application/pdf")
        .exists()
    )
    for register in Register.objects.exclude(kind__in=OUTGOING_KINDS):
        entries = list(
            register.entries.order_by("arrival_number").values_list("arrival_number", "arrival_at")
        )
        assert [n for n, _ in entries] == list(range(1, register.last_number + 1))
        assert [a for _, a in entries] == sorted(a for _, a in entries), "numbers follow arrival time"
    oldest = Incoming.objects.order_by("arrival_at").first()
    assert (timezone.now() - oldest.arrival_at).days >= 90


def test_history_is_in_the_past_and_the_audit_chain_holds(demo):
    now = timezone.now()
    assert not Incoming.objects.filter(arrival_at__gt=now).exists()
    assert not AuditEvent.objects.filter(at__gt=now).exists()
    completed = Incoming.objects.filter(state=State.COMPLETED).first()
    assert completed.arrival_at < completed.presented_at < completed.directed_at < completed.completed_at
    assert events.verify() == []


def test_nobody_sees_another_agencys_documents(demo):
    clerk = User.objects.get(username="vt.snv")
    leader = User.objects.get(username="ld.stc")
    visible = incoming_visible_to(clerk)
    assert visible.exists()
    assert not visible.exclude(agency__name="Sở Nội vụ").exists()
    assert not incoming_visible_to(leader).exclude(agency__name="Sở Tài chính").exists()


def test_second_run_changes_nothing_and_says_so(demo):
    before = (
        Organization.objects.count(),
        User.objects.count(),
        Incoming.objects.count(),
        AuditEvent.objects.count(),
    )
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "không thay đổi gì" in out.getvalue()
    after = (
        Organization.objects.count(),
        User.objects.count(),
        Incoming.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before


def test_print_demo_logins_lists_every_login_and_the_address(demo):
    out = io.StringIO()
    call_command("print_demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000" in text and seed.PASSWORD in text
    for login in seed.DEMO_LOGINS:
        assert login.username in text
    assert "Sở Tài chính — Phòng Ngân sách" in text
    assert "UBND phường Thuận Hóa" in text


def walk_register(user, *, secret: bool, size: int) -> list[int]:
    walked, cursor = [], None
    while True:
        page = register_list(user, RegisterFilters(secret=secret), cursor=cursor, size=size)
        walked += [doc.pk for doc in page.items]
        cursor = page.next_cursor
        if cursor is None:
            return walked


def assert_lists_match_the_gatekeeper(user, phrase: str) -> None:
    """The register list and search, read by agency for speed, show exactly what the gatekeeper allows."""
    allowed = incoming_visible_to(user)
    reached = Incoming.objects.filter(incoming_reach(user).condition())
    assert set(reached.values_list("pk", flat=True)) == set(allowed.values_list("pk", flat=True))
    for secret in (False, True):
        wanted = allowed.filter(secrecy__gt=0) if secret else allowed.filter(secrecy=0)
        expected = list(wanted.order_by("-arrival_at", "-id").values_list("pk", flat=True))
        assert walk_register(user, secret=secret, size=7) == expected
    found, _ = search(user, phrase, size=40)
    assert [doc.pk for doc in found] == [doc.pk for doc in search_query.matching(allowed, phrase)[:40]]
    filtered = register_list(user, RegisterFilters(q=phrase), size=500).items
    assert {doc.pk for doc in filtered} == set(
        search_query.matching(allowed.filter(secrecy=0), phrase).values_list("pk", flat=True).order_by()
    )


@pytest.mark.parametrize(
    "username", ["vt.stc", "ld.stc", "tp.stc", "cv.stc", "ld.ubnd", "tp.thuanhoa", "admin"]
)
def test_register_list_and_search_show_what_the_gatekeeper_allows(demo, username):
    assert_lists_match_the_gatekeeper(User.objects.get(username=username), "kế hoạch")


def test_the_double_post_sees_both_ways_in_lists_and_search(demo):
    deputy = User.objects.get(
        memberships__org__name="Phòng Quản lý giá và công sản", memberships__role="unit_head"
    )
    assert_lists_match_the_gatekeeper(deputy, "ngân sách")


# --- Outgoing documents (văn bản đi) ----------------------------------------------------------------


def test_outgoing_documents_reach_every_state_in_every_demo_agency(demo):
    from edesk.demo.outplans import OUT_AGENCIES
    from edesk.outbound.models import Outgoing, ReviewAction, ReviewEvent
    from edesk.outbound.models import State as Out

    assert set(Outgoing.objects.values_list("state", flat=True)) == set(Out.values)
    every = set(Out.values) - {Out.RECALLED}
    for key in OUT_AGENCIES:
        agency = Organization.objects.get(name=_spec_name(key))
        mine = Outgoing.objects.filter(owner=agency)
        assert set(mine.values_list("state", flat=True)) >= every, key
        # In review both at the unit head (content) and at the clerk (format).
        assert set(mine.filter(state=Out.IN_REVIEW).values_list("step_order", flat=True)) == {1, 2}, key
    returned = ReviewEvent.objects.filter(action=ReviewAction.RETURN)
    assert returned.exists() and not returned.filter(comment="").exists()
    # Some went back once and came through: a second version, then signed.
    fixed = Outgoing.objects.filter(pk__in=returned.values("outgoing_id"), state=Out.ISSUED)
    assert fixed.exists() and all(doc.versions.count() >= 2 for doc in fixed)
    assert not Outgoing.objects.filter(moved_at__gt=timezone.now()).exists()


def test_issued_documents_carry_the_leaders_and_the_agencys_valid_signatures(demo):
    from edesk.documents.models import AttachmentKind
    from edesk.outbound.models import Outgoing
    from edesk.outbound.models import State as Out
    from edesk.signing.verify import verify_pdf

    issued = Outgoing.objects.filter(state__in=(Out.NUMBERED, Out.ISSUED, Out.RECALLED))
    assert issued.count() >= 10
    for doc in issued:
        main = Attachment.objects.get(document=doc, kind=AttachmentKind.MAIN)
        signatures = verify_pdf(demo_blob(main.blob_id)).as_dict()["signatures"]
        assert len(signatures) == 2, doc
        assert signatures[0]["signer_name"] == doc.signer_name
        for signature in signatures:
            assert signature["intact"] and signature["trusted"], signature
            assert not signature["modified_after"] and not signature["problems"], signature
        assert doc.number and doc.code_notation and doc.register.kind == "outgoing"
    appendices = Attachment.objects.filter(document__in=issued, kind=AttachmentKind.APPENDIX)
    assert appendices.exists()
    for appendix in appendices:
        (signature,) = verify_pdf(demo_blob(appendix.blob_id)).as_dict()["signatures"]
        assert signature["intact"] and signature["trusted"]
    # A công văn takes the drafting unit's abbreviation: 12/STC-NS.
    assert issued.filter(code_notation="STC-NS").exists()


def test_outgoing_numbers_run_without_gaps_in_time_order(demo):
    from edesk.outbound.models import Outgoing

    for register in Register.objects.filter(kind__in=OUTGOING_KINDS):
        rows = list(Outgoing.objects.filter(register=register).order_by("number"))
        assert [r.number for r in rows] == list(range(1, register.last_number + 1))
        assert [r.numbered_at for r in rows] == sorted(r.numbered_at for r in rows)


def test_signatures_spread_over_the_history(demo):
    """The demo's certificates are valid from before its history, so each document is signed at
    its story's moment (not all in the last day) and the signed PDF records that moment."""
    from edesk.outbound.models import Outgoing
    from edesk.signing.models import Credential

    signed = Outgoing.objects.filter(signed_at__isnull=False)
    times = sorted(signed.values_list("signed_at", flat=True))
    now = timezone.now()
    assert now - times[0] > timedelta(days=14)
    assert len({t.date() for t in times}) >= 10
    assert sum(1 for t in times if now - t > timedelta(days=2)) > len(times) // 2
    oldest = Credential.objects.order_by("not_before").values_list("not_before", flat=True).first()
    assert oldest is not None and all(t > oldest for t in times)
    numbered = Outgoing.objects.filter(numbered_at__isnull=False)
    assert all(d.signed_at <= d.numbered_at for d in numbered.exclude(signed_at=None))


def test_issuance_delivers_to_the_other_demo_agencies_and_one_is_recalled(demo):
    from edesk.inbound.models import Received, ReceivedState
    from edesk.outbound.models import Outgoing, Recipient, RecipientKind, RecipientState
    from edesk.outbound.models import State as Out

    sent = Recipient.objects.filter(kind=RecipientKind.AGENCY, outgoing__state=Out.ISSUED)
    assert sent.count() >= 10
    assert not sent.filter(received__isnull=True).exists()
    for clerk in ("vt.ubnd", "vt.stc", "vt.snv", "vt.thuanhoa"):
        agency = Membership.objects.get(user__username=clerk, role=Role.CLERK).agency
        waiting = Received.objects.filter(agency=agency, state=ReceivedState.WAITING)
        assert waiting.exists(), clerk  # "Văn bản điện tử chờ vào sổ"
    registered = Received.objects.filter(state=ReceivedState.REGISTERED)
    assert registered.count() >= 3
    for received in registered:
        incoming = received.incoming
        assert incoming.channel == "electronic" and incoming.issuer_id == received.document.agency_id
        sender_blobs = set(
            Attachment.objects.filter(document=received.document).values_list("blob_id", flat=True)
        )
        assert (
            set(Attachment.objects.filter(document=incoming).values_list("blob_id", flat=True))
            == sender_blobs
        )
    recalled = Outgoing.objects.get(state=Out.RECALLED)
    assert recalled.recall_reason
    assert set(recalled.recipients.values_list("state", flat=True)) == {RecipientState.RECALLED}
    copies = Received.objects.filter(document=recalled)
    assert copies.exists() and not copies.exclude(state=ReceivedState.RECALLED).exists()
    assert copies.filter(incoming__state=State.RECALLED).exists()
    assert Recipient.objects.filter(kind=RecipientKind.EXTERNAL, state=RecipientState.BY_POST).exists()
    assert Recipient.objects.filter(kind=RecipientKind.PERSON, state=RecipientState.OPENED).exists()


def test_replies_close_the_loop_on_incoming_documents(demo):
    from edesk.outbound.models import Outgoing
    from edesk.outbound.models import State as Out

    replies = Outgoing.objects.filter(reply_to__isnull=False, state=Out.ISSUED)
    assert replies.count() >= 3
    for reply in replies:
        assert reply.reply_to.agency_id == reply.owner_id
        assert reply.reply_to.number_notation in reply.subject


def test_every_outgoing_persona_finds_work(demo):
    from edesk.outbound.selectors import outgoing_queue_counts

    def counts(username):
        return outgoing_queue_counts(User.objects.get(username=username))

    for key in ("stc", "snv", "thuanhoa"):
        assert counts(f"cv.{key}")["my_drafts"] >= 2
        assert counts(f"tp.{key}")["to_review"] >= 2
        assert counts(f"tp.{key}")["for_info"] >= 1
        assert counts(f"ld.{key}")["to_sign"] >= 2
        clerk = counts(f"vt.{key}")
        assert clerk["to_review"] >= 1 and clerk["to_number"] >= 1 and clerk["to_issue"] >= 1
    assert counts("ld.ubnd")["to_sign"] >= 1
    assert counts("vt.ubnd")["to_number"] >= 1


def test_a_word_draft_only_when_libreoffice_converts_it(demo):
    from edesk.outbound import convert
    from edesk.outbound.models import DraftVersion

    word = DraftVersion.objects.exclude(source_type="application/pdf")
    if convert.available():
        version = word.get()
        assert version.source_name.endswith(".docx") and version.pdf_id != version.source_id
    else:
        assert not word.exists()
