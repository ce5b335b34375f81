"""The pages measured, the people of the generated data they are measured as, and that data's size.

People are chosen by the work waiting for them, so each page is measured where it is heaviest: the
leader with the most documents waiting for direction, the unit head whose unit holds the most open
parts, the specialist with the most open parts, and a clerk of the agency with the most documents.
"""

import io
import os
import random
import uuid
from dataclasses import dataclass
from urllib.parse import quote_plus

from django.db import connection
from django.db.models import Count
from django.test import Client

from edesk.accounts import services as accounts
from edesk.accounts.models import Membership, User
from edesk.accounts.roles import Role
from edesk.documents.models import Document
from edesk.inbound import selectors
from edesk.inbound.models import OPEN_ASSIGNMENT_STATES, Assignment, Incoming, State
from load import Request

# What people type into the search box: two or three words of administrative Vietnamese, some
# without diacritics, as typed on a phone.
PHRASES = (
    "chuyển đổi số",
    "cải cách hành chính",
    "ngân sách nhà nước",
    "giải ngân vốn đầu tư",
    "an toan thuc pham",
    "phòng chống thiên tai",
    "tuyển sinh lớp 10",
    "bảo vệ môi trường",
    "thi đua khen thưởng",
    "di sản Cố đô",
    "quy hoach su dung dat",
    "dịch vụ công trực tuyến",
)

DEEP_PAGES = 200  # the register page after 10,000 rows (50 a page)
DOCUMENT_SAMPLE = 2000


@dataclass
class Figure:
    key: str  # the TARGETS entry it is judged by
    title: str
    cookie: str
    request: object  # Callable[[int], Request]
    sample: str  # a path whose SQL is captured for the direct run ("" for none)
    user: object = None
    expect: int = 200


@dataclass
class People:
    leader: User
    head: User
    specialist: User
    clerk: User
    notes: dict[str, str]


def pick_people() -> People:
    spec = (
        Assignment.objects.filter(
            state__in=OPEN_ASSIGNMENT_STATES, target_user__memberships__role=Role.SPECIALIST
        )
        .values("target_user")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n")
        .first()
    )
    unit = (
        Assignment.objects.filter(state__in=OPEN_ASSIGNMENT_STATES, target_user__isnull=True)
        .values("target_org")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    leader = (
        Incoming.objects.filter(state=State.PRESENTED)
        .values("presented_to")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    agency = Document.objects.values("agency").annotate(n=Count("id")).order_by("-n").first()
    head = Membership.objects.filter(org=unit["target_org"], role=Role.UNIT_HEAD).order_by("id").first().user
    clerk = Membership.objects.filter(agency=agency["agency"], role=Role.CLERK).order_by("id").first().user
    people = People(
        leader=User.objects.get(pk=leader["presented_to"]),
        head=head,
        specialist=User.objects.get(pk=spec["target_user"]),
        clerk=clerk,
        notes={},
    )
    people.notes = {
        "leader": f"{people.leader.username} ({leader['n']} documents waiting for direction)",
        "head": f"{head.username} (unit with {unit['n']} open parts)",
        "specialist": f"{people.specialist.username} ({spec['n']} open parts)",
        "clerk": f"{clerk.username} (agency with {agency['n']:,} documents)",
    }
    return people


def cookie_for(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def _deep_cursor(user: User) -> tuple[str, int]:
    """The cursor of page DEEP_PAGES + 1 of the person's register, or of its last page if shorter."""
    cursor, page, last = None, 1, None
    while page <= DEEP_PAGES:
        cursor = selectors.register_list(user, selectors.RegisterFilters(), cursor=cursor).next_cursor
        if cursor is None:
            break
        last, page = cursor, page + 1
    if last is None:
        raise RuntimeError("the clerk's register has a single page")
    return last, page


def small_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from edesk.documents.register_print.fonts import register_serif_font

    font = register_serif_font().regular
    buf = io.BytesIO()
    page = canvas.Canvas(buf, pagesize=A4)
    page.setFont(font, 13)
    page.drawString(72, 760, "Công văn về việc triển khai kế hoạch chuyển đổi số năm 2026")
    page.drawString(72, 740, "Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.")
    page.showPage()
    page.save()
    return buf.getvalue()


def _multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _registration(clerk: User) -> tuple[object, int]:
    """POST /api/v1/incoming/ with a token and a one-page PDF, a new number each time."""
    token = accounts.token_create(actor=clerk, name="bench")
    pdf = small_pdf()
    run_id = uuid.uuid4().hex[:6]

    def request(index: int) -> Request:
        fields = {
            "doc_type": "Công văn",
            "subject": f"V/v triển khai kế hoạch chuyển đổi số năm 2026 (đo hiệu năng {run_id}-{index})",
            "code_number": str(index + 1),
            "code_notation": f"BENCH{run_id}-VP",
            "issuer_name": "Bộ Khoa học và Công nghệ",
            "signer_name": "Nguyễn Văn An",
        }
        body, content_type = _multipart(fields, f"cong-van-{index}.pdf", pdf)
        headers = {"Authorization": f"Token {token}", "Content-Type": content_type}
        return Request("/api/v1/incoming/", method="POST", body=body, headers=headers)

    return request, len(pdf)


def build_figures(args) -> tuple[list[Figure], People]:
    people = pick_people()
    rng = random.Random(7)
    clerk, leader = cookie_for(people.clerk), cookie_for(people.leader)
    deep, deep_page = _deep_cursor(people.clerk)
    documents = list(
        Incoming.objects.filter(agency=Membership.objects.get(user=people.clerk, role=Role.CLERK).agency_id)
        .values_list("public_id", flat=True)
        .order_by("-arrival_at")[:DOCUMENT_SAMPLE]
    )
    rng.shuffle(documents)
    phrase_paths = [f"/van-ban-den/tim-kiem/?q={quote_plus(p)}" for p in PHRASES]
    register, pdf_size = _registration(people.clerk)
    people.notes["registration"] = f"{pdf_size / 1024:.0f} KB one-page PDF"

    def fixed(path):
        return lambda i: Request(path)

    figures = [
        Figure(
            "empty",
            "empty page /_bench/empty/ (floor)",
            clerk,
            fixed("/_bench/empty/"),
            "/_bench/empty/",
            people.clerk,
        ),
        Figure(
            "desk",
            "desk /van-ban-den/ — specialist",
            cookie_for(people.specialist),
            fixed("/van-ban-den/"),
            "/van-ban-den/",
            people.specialist,
        ),
        Figure(
            "desk",
            "desk /van-ban-den/ — unit head",
            cookie_for(people.head),
            fixed("/van-ban-den/"),
            "/van-ban-den/",
            people.head,
        ),
        Figure(
            "desk",
            "desk /van-ban-den/ — leader",
            leader,
            fixed("/van-ban-den/"),
            "/van-ban-den/",
            people.leader,
        ),
        Figure(
            "list",
            "register /van-ban-den/so/ — first page",
            clerk,
            fixed("/van-ban-den/so/"),
            "/van-ban-den/so/",
            people.clerk,
        ),
        Figure(
            "list",
            f"register — page {deep_page} (cursor)",
            clerk,
            fixed(f"/van-ban-den/so/?cursor={deep}"),
            f"/van-ban-den/so/?cursor={deep}",
            people.clerk,
        ),
        Figure(
            "document",
            "document page /van-ban-den/<id>/",
            clerk,
            lambda i: Request(f"/van-ban-den/{documents[i % len(documents)]}/"),
            f"/van-ban-den/{documents[0]}/",
            people.clerk,
        ),
        Figure(
            "search",
            "search /van-ban-den/tim-kiem/?q=… (2–3 words)",
            leader,
            lambda i: Request(phrase_paths[i % len(phrase_paths)]),
            phrase_paths[0],
            people.leader,
        ),
        Figure("register", "registration POST /api/v1/incoming/ (API, PDF)", "", register, "", expect=201),
    ]
    only = {key.strip() for key in args.only.split(",") if key.strip()}
    if only:
        figures = [f for f in figures if f.key in only or f.key == "empty"]
    return figures, people


def data_size() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database())), version()")
        size, version = cursor.fetchone()
    return (
        f"{Incoming.objects.count():,} incoming documents, {Assignment.objects.count():,} assignments, "
        f"{User.objects.count():,} users, {Membership.objects.values('agency').distinct().count()} agencies; "
        f"database {size}; {version.split(' on ')[0]}"
    )


def machine_state() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min) / {five:.1f} (5 min)"
