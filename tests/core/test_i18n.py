"""English through Django i18n: the catalogue is complete and compiled, pages and API answers follow the
language chosen, Vietnamese stays the default, and the printed register stays the Vietnamese form."""

import ast
import gettext
import io
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.urls import reverse
from openpyxl import load_workbook

from edesk.inbound import services as inbound
from tests.api.conftest import client_for
from tests.conftest import PASSWORD, direct_to_unit, register

SRC = Path(settings.BASE_DIR)
CATALOGUE = SRC / "locale" / "en" / "LC_MESSAGES"
# Words of the Vietnamese interface that must not survive on an English page. The cast's data (names,
# subjects, Decree 30 type names) is Vietnamese and stays so; none of it contains these.
VIETNAMESE_UI = ("Bàn làm việc", "Vào sổ", "Trích yếu", "Hạn xử lý", "Số đến", "Trạng thái", "Đăng xuất")


# --- the catalogue -----------------------------------------------------------------------------


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def po_entries(path: Path = CATALOGUE / "django.po") -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (index → text) and flags."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry: dict = {"msgctxt": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])? (\".*\")$", line):
                keyword, index, text = match.groups()
                key = (keyword, int(index or 0))
                if keyword == "msgstr":
                    entry["msgstr"][key[1]] = _unquote(text)
                else:
                    entry[keyword] = _unquote(text)
            else:
                assert key is not None and line.startswith('"'), line
                if key[0] == "msgstr":
                    entry["msgstr"][key[1]] += _unquote(line)
                else:
                    entry[key[0]] += _unquote(line)
        entries.append(entry)
    assert entries[0]["msgid"] == "", "the header comes first"
    return entries[1:]


PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w+)\}")


def placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = po_entries()
    assert len(entries) > 500
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_translations_keep_the_placeholders_of_their_message():
    for entry in po_entries():
        for index, text in entry["msgstr"].items():
            source = entry["msgid_plural"] if index and entry["msgid_plural"] else entry["msgid"]
            assert placeholders(text) == placeholders(source), (entry["msgid"], text)


def test_the_compiled_catalogue_matches_the_po_file():
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po_entries():
        context, msgid, plural = entry["msgctxt"], entry["msgid"], entry["msgid_plural"]
        if plural:
            assert compiled.ngettext(msgid, plural, 1) == entry["msgstr"][0], msgid
            assert compiled.ngettext(msgid, plural, 5) == entry["msgstr"][1], msgid
        elif context:
            assert compiled.pgettext(context, msgid) == entry["msgstr"][0], msgid
        else:
            assert compiled.gettext(msgid) == entry["msgstr"][0], msgid


_GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy"}


def _python_messages() -> set[tuple[str | None, str]]:
    found = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or getattr(node.func, "id", None) not in _GETTEXT_CALLS:
                continue
            texts = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
            if not texts or not all(isinstance(text, str) for text in texts):
                continue
            found.add((texts[0], texts[1]) if node.func.id.startswith("pgettext") else (None, texts[0]))
    return found


def _literal(context) -> str | None:
    """The text of a `context "…"` option: a filter expression over a constant."""
    return str(context.resolve({})) if context is not None else None


def _template_messages() -> set[tuple[str | None, str]]:
    found = set()
    engine = engines["django"].engine
    for path in SRC.rglob("templates/**/*.html"):
        source = path.read_text(encoding="utf-8")
        nodelist = engine.from_string(source).nodelist
        for node in nodelist.get_nodes_by_type(TranslateNode):
            context = _literal(node.message_context)
            found.add((context, node.filter_expression.var.literal))
        for node in nodelist.get_nodes_by_type(BlockTranslateNode):
            context = _literal(node.message_context)
            found.add((context, node.render_token_list(node.singular)[0]))
        # `_("…")` as a value passed to an {% include %}.
        found |= {(None, text) for text in re.findall(r'\b_\("([^"]+)"\)', source)}
    return found


def test_every_marked_message_is_in_the_catalogue():
    """A message marked after the last makemessages would stay Vietnamese on English pages."""
    catalogue = {(e["msgctxt"], e["msgid"]) for e in po_entries()}
    marked = _python_messages() | _template_messages()
    assert len(marked) > 500
    assert sorted(marked - catalogue, key=str) == []


# --- pages ---------------------------------------------------------------------------------------


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def assert_english(html: str, *expected: str) -> None:
    assert '<html lang="en">' in html
    for text in expected:
        assert text in html, text
    for word in VIETNAMESE_UI:
        assert word not in html, word


@pytest.mark.django_db
def test_desk_in_english(english, cast):
    doc = register(cast)
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    english.force_login(cast.leader_a)
    html = page(english, reverse("inbound:desk"))
    assert_english(html, ">Desk<", "Awaiting direction", "Arrival number", "Issuing agency", "Deadline")
    assert doc.subject in html


@pytest.mark.django_db
def test_register_list_in_english(english, cast):
    register(cast, urgency=2)
    english.force_login(cast.clerk_a)
    html = page(english, reverse("inbound:register_list"))
    assert_english(
        html, "Incoming register", "Subject", "Status", "Registered", "Very urgent", "Print register"
    )
    assert "Đã vào sổ" not in html and "Thượng khẩn" not in html


@pytest.mark.django_db
def test_registration_form_in_english(english, cast):
    english.force_login(cast.clerk_a)
    html = page(english, reverse("inbound:register"))
    assert_english(html, "Register incoming document", "Document type", "Urgency", "Top secret", "By hand")
    # Decree 30 type names are legal terms: the same in every language.
    assert "Công văn" in html


@pytest.mark.django_db
def test_registration_refusal_from_the_service_in_english(english, cast):
    english.force_login(cast.clerk_a)
    response = english.post(
        reverse("inbound:register"),
        {
            "doc_type": "cong_van",
            "subject": "V/v họp giao ban",
            "issuer_name": "UBND thành phố Huế",
            "urgency": 0,
            "secrecy": 0,
            "channel": "electronic",
            "request_key": uuid.uuid4().hex,
        },
    )
    html = response.content.decode()
    assert "An electronic document must come with its file." in html
    assert "Văn bản điện tử phải kèm tệp văn bản." not in html


@pytest.mark.django_db
def test_document_page_in_english(english, cast):
    doc = register(cast)
    inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)
    english.force_login(cast.leader_a)
    html = page(english, reverse("inbound:detail", args=[doc.public_id]))
    assert_english(
        html, "Document details", "Direct and assign", "Return to the clerk", "Presented to a leader", "Lead"
    )
    assert f"Incoming register {doc.register.year}" in html
    assert "Công văn" in html and "Thông tin văn bản" not in html


@pytest.mark.django_db
def test_log_in_page_and_lock_out_in_english(english, cast):
    html = page(english, reverse("accounts:login"))
    assert_english(html, "Log in", "Username", "Password", "Forgot your password?")
    for _ in range(settings.EDESK_LOGIN_MAX_FAILURES):
        english.post(reverse("accounts:login"), {"username": "cv.stc", "password": "doan-sai"})
    html = english.post(
        reverse("accounts:login"), {"username": "cv.stc", "password": PASSWORD}
    ).content.decode()
    assert "The account is locked for a while after too many wrong passwords" in html
    assert "Tài khoản tạm khóa" not in html


@pytest.mark.django_db
def test_vietnamese_without_a_choice_even_for_a_browser_asking_for_english(client, cast):
    doc = register(cast)
    client.force_login(cast.clerk_a)
    for accept in ("", "en-US,en;q=0.9"):
        html = client.get(reverse("inbound:desk"), HTTP_ACCEPT_LANGUAGE=accept).content.decode()
        assert '<html lang="vi">' in html
        assert "Bàn làm việc" in html and "Chờ trình" in html
        assert "Desk" not in html
    html = page(client, reverse("inbound:detail", args=[doc.public_id]))
    assert f"Sổ đăng ký văn bản đến năm {doc.register.year}" in html and "Thông tin văn bản" in html


@pytest.mark.django_db
def test_the_choice_wins_over_the_browser_and_a_bad_cookie_falls_back_to_vietnamese(client, cast):
    client.force_login(cast.clerk_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("inbound:desk"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert_english(html, ">Desk<")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="vi">' in page(client, reverse("inbound:desk"))


@pytest.mark.django_db
def test_the_switcher_keeps_the_page_and_remembers_the_choice(client, cast):
    client.force_login(cast.clerk_a)
    here = reverse("inbound:register_list")
    html = page(client, here)
    assert f'action="{reverse("set_language")}"' in html and f'name="next" value="{here}"' in html
    assert "English" in html and "Tiếng Việt" in html
    response = client.post(reverse("set_language"), {"language": "en", "next": here})
    assert response.status_code == 302 and response["Location"] == here
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert_english(page(client, here), "Incoming register")


# --- API -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_errors_follow_accept_language(cast):
    api = client_for(cast.clerk_a)
    missing = f"/api/v1/incoming/{uuid.uuid4()}/"
    assert api.get(missing, HTTP_ACCEPT_LANGUAGE="en").json() == {
        "detail": "Not found, or you are not allowed to access it.",
        "code": "not_found",
    }
    assert api.get(missing).json()["detail"] == "Không tìm thấy hoặc bạn không có quyền truy cập."
    # A serializer's message names the field by its translated label; a service's refusal is translated too.
    body = {"doc_type": "cong_van", "issuer_name": "UBND thành phố Huế", "channel": "post"}
    refused = api.post("/api/v1/incoming/", body, format="json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert refused == {"detail": "“Subject” is missing.", "code": "required", "field": "subject"}
    late = {**body, "subject": "V/v họp", "issued_date": "2999-01-01"}
    refused = api.post("/api/v1/incoming/", late, format="json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert refused["detail"] == "The date of issue cannot be after the arrival date."
    assert refused["code"] == "issued_in_future"
    anonymous = client_for(None).get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert anonymous == {"detail": "You need to log in.", "code": "not_authenticated"}


@pytest.mark.django_db
def test_api_schema_in_english(client):
    schema = client.get("/api/schema/?lang=en").content.decode()
    assert "name: Incoming documents" in schema and "summary: Register incoming document" in schema
    assert "Vào sổ văn bản đến" not in schema


# --- the printed register ------------------------------------------------------------------------


@pytest.mark.django_db
def test_printed_registers_stay_the_vietnamese_legal_form(english, cast):
    directed = register(cast, channel="post", files=[], urgency=1)
    direct_to_unit(cast, directed)
    english.force_login(cast.clerk_a)
    year = directed.arrival_at.year
    cells = []
    for book in ("den", "theo-doi"):
        response = english.get(reverse("inbound:register_print", args=[year, book, "xlsx"]))
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(response.content))
        cells += [
            str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value
        ]
    text = "\n".join(cells)
    assert "Khẩn" in text and "Đã phân công" in text
    assert "Urgent" not in text and "Assigned" not in text
