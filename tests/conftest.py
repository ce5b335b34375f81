"""The fixed cast: two agencies, each with a clerk, a leader, a unit head and specialists, plus an
outsider and an administrator. Tests read like stories about them."""

import importlib
import io
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone, translation

from edesk.accounts import services as accounts
from edesk.accounts.models import User
from edesk.accounts.roles import Role
from edesk.documents.services import Upload
from edesk.inbound import services as inbound
from edesk.orgs import services as orgs

PASSWORD = "Hue@2026demo"


@pytest.fixture(autouse=True)
def _default_language(settings):
    # The test client serves requests in the test's own thread, so a request in English would leave
    # English active for the service calls of the tests that follow.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_hashing_and_storage(settings, tmp_path):
    # Argon2 is deliberately slow; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "blobs")},
        },
    }
    from django.core.files.storage import storages

    storages._storages.pop("documents", None)
    yield
    storages._storages.pop("documents", None)


_APPEND_ONLY = importlib.import_module("edesk.audit.migrations.0002_append_only")


@pytest.fixture(autouse=True, scope="session")
def _flush_past_audit_guard():
    """Transactional tests end with a flush, which on SQLite is DELETE FROM every table; the audit
    log's append-only triggers refuse that, so the flush drops them and recreates them in its own
    transaction. (PostgreSQL flushes with TRUNCATE, which row triggers do not see.)"""
    from django.core.management.commands import flush

    original = flush.sql_flush

    def sql_flush(style, conn, **kwargs):
        statements = original(style, conn, **kwargs)
        if conn.vendor != "sqlite" or not statements:
            return statements
        names = [guard[0] for guard in _APPEND_ONLY.GUARDS]
        drops = [sql for name in names for sql in _APPEND_ONLY.drop_sql("sqlite", name)]
        creates = [sql for name in names for sql in _APPEND_ONLY.create_sql("sqlite", name)]
        return drops + statements + creates

    with mock.patch.object(flush, "sql_flush", sql_flush):
        yield


@contextmanager
def audit_guard_lifted(*names: str):
    """Lift append-only triggers inside one test, as an attacker owning the tables could, to prove
    that `audit_verify` still finds the tampering. Default: the triggers on the event table."""
    names = names or ("audit_event_no_update", "audit_event_no_delete")
    tables = {guard[0]: guard[1] for guard in _APPEND_ONLY.GUARDS}
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for name in names:
            if vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {tables[name]} DISABLE TRIGGER {name}")
            else:
                for sql in _APPEND_ONLY.drop_sql(vendor, name):
                    cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in names:
                if vendor == "postgresql":
                    cursor.execute(f"ALTER TABLE {tables[name]} ENABLE TRIGGER {name}")
                else:
                    for sql in _APPEND_ONLY.create_sql(vendor, name):
                        cursor.execute(sql)


def make_pdf(text: str = "Quyết định về việc chuyển đổi số", pages: int = 1) -> bytes:
    """A real one-page PDF with Vietnamese text (needs a TTF with Vietnamese glyphs)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from edesk.documents.register_print.fonts import register_serif_font

    font = register_serif_font().regular
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for i in range(pages):
        c.setFont(font, 13)
        c.drawString(72, 760, text)
        c.drawString(72, 740, f"Trang {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def upload(data: bytes, name: str = "van-ban.pdf") -> Upload:
    return Upload(name=name, fileobj=io.BytesIO(data), size=len(data))


@dataclass
class Cast:
    agency_a: object
    unit_a1: object
    unit_a2: object
    agency_b: object
    unit_b1: object
    clerk_a: User
    leader_a: User
    head_a: User
    spec_a: User
    spec_a2: User
    clerk_b: User
    leader_b: User
    head_b: User
    spec_b: User
    outsider: User
    admin: User


def _person(username: str, full_name: str, org=None, role: str | None = None, title: str = "") -> User:
    user = accounts.user_create(actor=None, username=username, full_name=full_name, password=PASSWORD)
    if org is not None and role is not None:
        accounts.membership_add(actor=None, user=user, org=org, role=role, title=title)
    return user


def build_cast() -> Cast:
    a = orgs.org_create(
        actor=None, name="Sở Tài chính", short_name="STC", code="000.01.00.H57", is_agency=True
    )
    a1 = orgs.org_create(actor=None, name="Phòng Ngân sách", short_name="NS", parent=a)
    a2 = orgs.org_create(actor=None, name="Phòng Quản lý giá và công sản", short_name="QLG", parent=a)
    b = orgs.org_create(actor=None, name="Sở Nội vụ", short_name="SNV", code="000.02.00.H57", is_agency=True)
    b1 = orgs.org_create(actor=None, name="Phòng Công chức – Viên chức", short_name="CCVC", parent=b)
    admin = _person("admin", "Quản trị hệ thống")
    User.objects.filter(pk=admin.pk).update(is_system_admin=True)
    admin.refresh_from_db()
    return Cast(
        agency_a=a,
        unit_a1=a1,
        unit_a2=a2,
        agency_b=b,
        unit_b1=b1,
        clerk_a=_person("vt.stc", "Trần Thị Hoa", a, Role.CLERK, "Văn thư"),
        leader_a=_person("ld.stc", "Nguyễn Văn Phương", a, Role.LEADER, "Giám đốc"),
        head_a=_person("tp.stc", "Lê Minh Tâm", a1, Role.UNIT_HEAD, "Trưởng phòng"),
        spec_a=_person("cv.stc", "Phạm Thị Lan", a1, Role.SPECIALIST, "Chuyên viên"),
        spec_a2=_person("cv2.stc", "Võ Đức Huy", a2, Role.SPECIALIST, "Chuyên viên"),
        clerk_b=_person("vt.snv", "Hoàng Thị Mai", b, Role.CLERK, "Văn thư"),
        leader_b=_person("ld.snv", "Đặng Quốc Bảo", b, Role.LEADER, "Giám đốc"),
        head_b=_person("tp.snv", "Bùi Thanh Sơn", b1, Role.UNIT_HEAD, "Trưởng phòng"),
        spec_b=_person("cv.snv", "Ngô Thị Thu", b1, Role.SPECIALIST, "Chuyên viên"),
        outsider=_person("nguoi.ngoai", "Người Ngoài"),
        admin=admin,
    )


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


def register(cast: Cast, *, clerk=None, agency=None, files=None, **overrides):
    """Register a document as `clerk` (default: clerk of agency A)."""
    clerk = clerk or cast.clerk_a
    agency = agency or cast.agency_a
    fields = {
        "doc_type": "cong_van",
        "subject": "V/v triển khai kế hoạch chuyển đổi số năm 2026",
        "code_number": "125",
        "code_notation": "UBND-VX",
        "issued_date": timezone.localdate() - timedelta(days=1),
        "issuer_name": "UBND thành phố Huế",
        "signer_name": "Nguyễn Văn Phương",
        "due_date": timezone.localdate() + timedelta(days=10),
    }
    fields.update(overrides)
    if files is None:
        files = [] if fields.get("secrecy") else [upload(make_pdf())]
    data = inbound.IncomingData(files=files, **fields)
    return inbound.incoming_register(actor=clerk, agency=agency, data=data).incoming


def direct_to_unit(cast: Cast, incoming, *, due: date | None = None):
    inbound.incoming_present(actor=cast.clerk_a, incoming=incoming, leader_id=cast.leader_a.pk)
    return inbound.incoming_direct(
        actor=cast.leader_a,
        incoming=incoming,
        note="Giao Phòng Ngân sách chủ trì tham mưu.",
        assignments=[
            inbound.AssignmentSpec(role="lead", org_id=cast.unit_a1.pk, due_date=due),
            inbound.AssignmentSpec(role="info", user_id=cast.spec_a2.pk),
        ],
    )


# --- Signing (engineer H1): a development CA for the session, credentials, signable PDFs ---------


@pytest.fixture(scope="session")
def dev_ca(tmp_path_factory):
    from tests import pki

    return pki.session_ca(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def trusted_dev_ca(settings, dev_ca):
    """The session's dev CA, trusted by the validator for this test."""
    settings.EDESK_TRUST_ROOTS = str(dev_ca.root_path)
    settings.EDESK_PKI_DIR = dev_ca.directory
    return dev_ca


@pytest.fixture
def person_credential(db, trusted_dev_ca):
    """person_credential(user, pin="123456", expired=False) -> a PKCS#12 Credential of `user`."""
    from tests import pki

    def make(user, pin: str = "123456", expired: bool = False):
        return pki.make_person_credential(trusted_dev_ca, user, pin=pin, expired=expired)

    return make


@pytest.fixture
def agency_credential(db, trusted_dev_ca):
    """agency_credential(agency) -> the agency's seal Credential (PKCS#12, PIN kept by the system)."""
    from tests import pki

    def make(agency):
        return pki.make_agency_credential(trusted_dev_ca, agency)

    return make


@pytest.fixture
def signable_pdf():
    """signable_pdf(signer_name, pages=1, notation="QĐ-UBND") -> Decree-30-like PDF bytes."""
    from tests import pki

    return pki.signable_pdf
