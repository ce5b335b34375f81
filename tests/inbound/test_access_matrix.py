"""Who sees which incoming document, through every door: the gatekeeper, the register list,
search, the desk, the document page, its file URL, and the API (detail, list, search, file).

The expected answer is written out below, one row per persona and document, and every cell is
measured. A cell is 1 when the door lets the persona see the document (a list or the desk shows
it, a URL answers 200) and 0 when it does not (absent, or 404 — never 403, so ids cannot be probed).
"""

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from edesk.core.errors import NotFound
from edesk.inbound import selectors
from edesk.inbound import services as inbound
from edesk.inbound.access import access_incoming
from edesk.inbound.models import Assignment, Incoming, State
from tests.conftest import Cast, register

pytestmark = pytest.mark.django_db

SUBJECT = "Kiểm thử phân quyền: {}"
SEARCH_Q = "kiem thu phan quyen"

# registered        registered only
# presented         presented to leader_a
# directed          leader_a gave the lead to unit A1 (head_a's desk)
# delegated         … and head_a passed it to spec_a
# completed         … and spec_a completed it
# secret_personal   Mật; the lead given to spec_a by name
# secret_unit       Mật; the lead given to unit A1 only (a unit head sees a secret document only when named)
# agency_b          Sở Nội vụ's document, given to unit B1 and passed to spec_b: the other way across agencies
#
# Columns: gate = access_incoming; list = register_list (normal and secret register); search =
# selectors.search; desk = any queue of the person's desk; page = GET inbound:detail; file = GET
# the document's file URL; api, api_list, api_search, api_file = the same through /api/v1/.
EXPECTED = """
persona  document         gate list search desk page file api api_list api_search api_file
clerk_a  registered        1    1     1     1    1    1    1     1        1          1
clerk_a  presented         1    1     1     0    1    1    1     1        1          1
clerk_a  directed          1    1     1     0    1    1    1     1        1          1
clerk_a  delegated         1    1     1     0    1    1    1     1        1          1
clerk_a  completed         1    1     1     0    1    1    1     1        1          1
clerk_a  secret_personal   1    1     1     0    1    0    1     1        1          0
clerk_a  secret_unit       1    1     1     0    1    0    1     1        1          0
clerk_a  agency_b          0    0     0     0    0    0    0     0        0          0
leader_a registered        1    1     1     0    1    1    1     1        1          1
leader_a presented         1    1     1     1    1    1    1     1        1          1
leader_a directed          1    1     1     0    1    1    1     1        1          1
leader_a delegated         1    1     1     0    1    1    1     1        1          1
leader_a completed         1    1     1     0    1    1    1     1        1          1
leader_a secret_personal   1    1     1     0    1    0    1     1        1          0
leader_a secret_unit       1    1     1     0    1    0    1     1        1          0
leader_a agency_b          0    0     0     0    0    0    0     0        0          0
head_a   registered        0    0     0     0    0    0    0     0        0          0
head_a   presented         0    0     0     0    0    0    0     0        0          0
head_a   directed          1    1     1     1    1    1    1     1        1          1
head_a   delegated         1    1     1     1    1    1    1     1        1          1
head_a   completed         1    1     1     0    1    1    1     1        1          1
head_a   secret_personal   0    0     0     0    0    0    0     0        0          0
head_a   secret_unit       0    0     0     0    0    0    0     0        0          0
head_a   agency_b          0    0     0     0    0    0    0     0        0          0
spec_a   registered        0    0     0     0    0    0    0     0        0          0
spec_a   presented         0    0     0     0    0    0    0     0        0          0
spec_a   directed          0    0     0     0    0    0    0     0        0          0
spec_a   delegated         1    1     1     1    1    1    1     1        1          1
spec_a   completed         1    1     1     0    1    1    1     1        1          1
spec_a   secret_personal   1    1     1     1    1    0    1     1        1          0
spec_a   secret_unit       0    0     0     0    0    0    0     0        0          0
spec_a   agency_b          0    0     0     0    0    0    0     0        0          0
spec_a2  registered        0    0     0     0    0    0    0     0        0          0
spec_a2  presented         0    0     0     0    0    0    0     0        0          0
spec_a2  directed          0    0     0     0    0    0    0     0        0          0
spec_a2  delegated         0    0     0     0    0    0    0     0        0          0
spec_a2  completed         0    0     0     0    0    0    0     0        0          0
spec_a2  secret_personal   0    0     0     0    0    0    0     0        0          0
spec_a2  secret_unit       0    0     0     0    0    0    0     0        0          0
spec_a2  agency_b          0    0     0     0    0    0    0     0        0          0
clerk_b  registered        0    0     0     0    0    0    0     0        0          0
clerk_b  presented         0    0     0     0    0    0    0     0        0          0
clerk_b  directed          0    0     0     0    0    0    0     0        0          0
clerk_b  delegated         0    0     0     0    0    0    0     0        0          0
clerk_b  completed         0    0     0     0    0    0    0     0        0          0
clerk_b  secret_personal   0    0     0     0    0    0    0     0        0          0
clerk_b  secret_unit       0    0     0     0    0    0    0     0        0          0
clerk_b  agency_b          1    1     1     0    1    1    1     1        1          1
leader_b registered        0    0     0     0    0    0    0     0        0          0
leader_b presented         0    0     0     0    0    0    0     0        0          0
leader_b directed          0    0     0     0    0    0    0     0        0          0
leader_b delegated         0    0     0     0    0    0    0     0        0          0
leader_b completed         0    0     0     0    0    0    0     0        0          0
leader_b secret_personal   0    0     0     0    0    0    0     0        0          0
leader_b secret_unit       0    0     0     0    0    0    0     0        0          0
leader_b agency_b          1    1     1     0    1    1    1     1        1          1
head_b   registered        0    0     0     0    0    0    0     0        0          0
head_b   presented         0    0     0     0    0    0    0     0        0          0
head_b   directed          0    0     0     0    0    0    0     0        0          0
head_b   delegated         0    0     0     0    0    0    0     0        0          0
head_b   completed         0    0     0     0    0    0    0     0        0          0
head_b   secret_personal   0    0     0     0    0    0    0     0        0          0
head_b   secret_unit       0    0     0     0    0    0    0     0        0          0
head_b   agency_b          1    1     1     1    1    1    1     1        1          1
spec_b   registered        0    0     0     0    0    0    0     0        0          0
spec_b   presented         0    0     0     0    0    0    0     0        0          0
spec_b   directed          0    0     0     0    0    0    0     0        0          0
spec_b   delegated         0    0     0     0    0    0    0     0        0          0
spec_b   completed         0    0     0     0    0    0    0     0        0          0
spec_b   secret_personal   0    0     0     0    0    0    0     0        0          0
spec_b   secret_unit       0    0     0     0    0    0    0     0        0          0
spec_b   agency_b          1    1     1     1    1    1    1     1        1          1
outsider registered        0    0     0     0    0    0    0     0        0          0
outsider presented         0    0     0     0    0    0    0     0        0          0
outsider directed          0    0     0     0    0    0    0     0        0          0
outsider delegated         0    0     0     0    0    0    0     0        0          0
outsider completed         0    0     0     0    0    0    0     0        0          0
outsider secret_personal   0    0     0     0    0    0    0     0        0          0
outsider secret_unit       0    0     0     0    0    0    0     0        0          0
outsider agency_b          0    0     0     0    0    0    0     0        0          0
admin    registered        0    0     0     0    0    0    0     0        0          0
admin    presented         0    0     0     0    0    0    0     0        0          0
admin    directed          0    0     0     0    0    0    0     0        0          0
admin    delegated         0    0     0     0    0    0    0     0        0          0
admin    completed         0    0     0     0    0    0    0     0        0          0
admin    secret_personal   0    0     0     0    0    0    0     0        0          0
admin    secret_unit       0    0     0     0    0    0    0     0        0          0
admin    agency_b          0    0     0     0    0    0    0     0        0          0
"""


# Cells where the code currently answers the opposite of the table. Each is a bug, kept here so the
# matrix stays green for everything else and fails the moment the bug is fixed (then delete the line).
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


def _parse(table: str) -> tuple[list[str], dict[tuple[str, str], dict[str, int]]]:
    header, *rows = [line.split() for line in table.strip().splitlines()]
    columns = header[2:]
    cells = {(row[0], row[1]): dict(zip(columns, map(int, row[2:]), strict=True)) for row in rows}
    assert len(cells) == len(rows), "a persona × document row is written twice"
    return columns, cells


COLUMNS, CELLS = _parse(EXPECTED)
PERSONAS = list(dict.fromkeys(persona for persona, _ in CELLS))
DOCUMENTS = list(dict.fromkeys(document for _, document in CELLS))


@dataclass
class World:
    cast: Cast
    docs: dict[str, Incoming]

    def user(self, persona: str):
        return getattr(self.cast, persona)


def _presented(cast, **fields) -> Incoming:
    doc = register(cast, **fields)
    return inbound.incoming_present(actor=cast.clerk_a, incoming=doc, leader_id=cast.leader_a.pk)


def _directed(cast, spec: inbound.AssignmentSpec, **fields) -> Incoming:
    doc = _presented(cast, **fields)
    return inbound.incoming_direct(actor=cast.leader_a, incoming=doc, note="Giao xử lý.", assignments=[spec])


def _delegated(cast, **fields) -> tuple[Incoming, Assignment]:
    doc = _directed(cast, inbound.AssignmentSpec(role="lead", org_id=cast.unit_a1.pk), **fields)
    lead = Assignment.objects.get(incoming=doc, parent=None)
    child = inbound.assignment_delegate(
        actor=cast.head_a, assignment=lead, user_id=cast.spec_a.pk, note="Em xử lý"
    )
    return doc, child


def _secret_given_to_unit(cast, **fields) -> Incoming:
    """A secret document whose part sits with unit A1 alone. The services refuse to make one (secret
    documents go to people by name), but data imported from an older system may hold such a row:
    the gatekeepers must still keep it from the unit's head and staff."""
    doc = _directed(cast, inbound.AssignmentSpec(role="lead", user_id=cast.leader_a.pk), **fields)
    Assignment.objects.filter(incoming=doc).update(target_user=None, target_org=cast.unit_a1)
    return doc


def _agency_b_delegated(cast, **fields) -> Incoming:
    doc = register(cast, clerk=cast.clerk_b, agency=cast.agency_b, **fields)
    inbound.incoming_present(actor=cast.clerk_b, incoming=doc, leader_id=cast.leader_b.pk)
    inbound.incoming_direct(
        actor=cast.leader_b,
        incoming=doc,
        note="Giao phòng.",
        assignments=[inbound.AssignmentSpec(role="lead", org_id=cast.unit_b1.pk)],
    )
    lead = Assignment.objects.get(incoming=doc, parent=None)
    inbound.assignment_delegate(actor=cast.head_b, assignment=lead, user_id=cast.spec_b.pk, note="Chị xử lý")
    return doc


@pytest.fixture
def world(cast) -> World:
    def subject(name: str) -> str:
        return SUBJECT.format(name)

    to_unit = inbound.AssignmentSpec(role="lead", org_id=cast.unit_a1.pk)
    to_spec_a = inbound.AssignmentSpec(role="lead", user_id=cast.spec_a.pk)
    completed, child = _delegated(cast, subject=subject("hoàn thành"))
    inbound.assignment_complete(actor=cast.spec_a, assignment=child, note="Đã trả lời.")
    docs = {
        "registered": register(cast, subject=subject("đã vào sổ")),
        "presented": _presented(cast, subject=subject("chờ chỉ đạo")),
        "directed": _directed(cast, to_unit, subject=subject("giao phòng")),
        "delegated": _delegated(cast, subject=subject("giao chuyên viên"))[0],
        "completed": completed,
        "secret_personal": _directed(cast, to_spec_a, subject=subject("mật, giao đích danh"), secrecy=1),
        "secret_unit": _secret_given_to_unit(cast, subject=subject("mật, giao phòng"), secrecy=1),
        "agency_b": _agency_b_delegated(cast, subject=subject("Sở Nội vụ")),
    }
    docs = {name: Incoming.objects.get(pk=doc.pk) for name, doc in docs.items()}
    assert docs["completed"].state == State.COMPLETED and docs["delegated"].state == State.IN_PROGRESS
    assert [d.is_secret for d in docs.values()] == [False] * 5 + [True] * 2 + [False]
    return World(cast, docs)


def _compare(world: World, columns: list[str], measured: dict[tuple[str, str], dict[str, int]]) -> None:
    def expected(persona: str, document: str, column: str) -> int:
        value = CELLS[persona, document][column]
        return 1 - value if (persona, document, column) in KNOWN_BUGS else value

    wrong = [
        f"{persona:9} {document:16} {column:10} expected {expected(persona, document, column)} got {got}"
        + (
            " (known bug fixed? remove it from KNOWN_BUGS)"
            if (persona, document, column) in KNOWN_BUGS
            else ""
        )
        for (persona, document), row in measured.items()
        for column, got in row.items()
        if got != expected(persona, document, column)
    ]
    assert len(measured) == len(CELLS) and all(set(row) == set(columns) for row in measured.values())
    assert wrong == [], "cells that differ from the table:\n" + "\n".join(wrong)


def _ids_to_cells(world: World, ids: set[int]) -> dict[str, int]:
    return {name: int(doc.pk in ids) for name, doc in world.docs.items()}


def test_table_covers_every_persona_and_document(world):
    assert set(PERSONAS) == {f for f in Cast.__dataclass_fields__ if not f.startswith(("agency", "unit"))}
    assert set(DOCUMENTS) == set(world.docs)
    assert COLUMNS == [
        "gate",
        "list",
        "search",
        "desk",
        "page",
        "file",
        "api",
        "api_list",
        "api_search",
        "api_file",
    ]


# --- services and selectors ------------------------------------------------------------------------


def _gate(user, doc: Incoming) -> int:
    try:
        return int(
            access_incoming(user, doc.pk).pk == doc.pk and access_incoming(user, str(doc.public_id)) == doc
        )
    except NotFound:
        return 0


def _register_ids(user) -> set[int]:
    ids = set()
    for secret in (False, True):
        page = selectors.register_list(user, selectors.RegisterFilters(secret=secret))
        assert page.next_cursor is None
        ids |= {doc.pk for doc in page.items}
    return ids


def _desk_ids(user) -> set[int]:
    ids = set()
    for queue in selectors.queues_for(user):
        for item in selectors.desk_page(user, queue).items:
            ids.add(item.incoming_id if isinstance(item, Assignment) else item.pk)
    return ids


def test_services_and_selectors_match_the_table(world):
    columns = ["gate", "list", "search", "desk"]
    measured = {}
    for persona in PERSONAS:
        user = world.user(persona)
        listed, found, desk = (
            _register_ids(user),
            {d.pk for d in selectors.search(user, SEARCH_Q)[0]},
            _desk_ids(user),
        )
        for name, doc in world.docs.items():
            measured[persona, name] = {
                "gate": _gate(user, doc),
                "list": int(doc.pk in listed),
                "search": int(doc.pk in found),
                "desk": int(doc.pk in desk),
            }
    _compare(world, columns, measured)


def test_desk_counts_agree_with_the_desk_rows(world):
    for persona in PERSONAS:
        user = world.user(persona)
        counts = selectors.desk_counts(user)
        for queue in selectors.queues_for(user):
            assert counts[queue] == len(selectors.desk_page(user, queue).items), (persona, queue)


# --- pages and API -------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _file_url(world: World, name: str, *, api: bool) -> str:
    """The document's own file; a secret document has none, so ask for another document's file under
    its id — the one door that could leak a file through a secret document's URL."""
    doc = world.docs[name]
    attachment = (doc if not doc.is_secret else world.docs["registered"]).attachments.get()
    if api:
        return f"/api/v1/incoming/{doc.pk}/attachments/{attachment.pk}/"
    return reverse("inbound:attachment", kwargs={"public_id": doc.public_id, "attachment_id": attachment.pk})


def _status_cell(response, persona: str, url: str) -> int:
    assert response.status_code in (200, 404), (persona, url, response.status_code)
    return int(response.status_code == 200)


def test_document_page_and_file_urls_match_the_table(world):
    measured = {}
    for persona in PERSONAS:
        client = _client(world.user(persona))
        for name, doc in world.docs.items():
            page_url = reverse("inbound:detail", kwargs={"public_id": doc.public_id})
            page = client.get(page_url)
            file_url = _file_url(world, name, api=False)
            measured[persona, name] = {
                "page": _status_cell(page, persona, page_url),
                "file": _status_cell(client.get(file_url), persona, file_url),
            }
            if page.status_code == 200 and doc.is_secret:
                assert not re.search(r"/tep/\d+/", page.content.decode()), (
                    f"{persona} sees a file link on {name}"
                )
    _compare(world, ["page", "file"], measured)


def test_api_matches_the_table(world):
    measured = {}
    for persona in PERSONAS:
        client = _client(world.user(persona))
        listed = set()
        for secret in ("0", "1"):
            body = client.get("/api/v1/incoming/", {"secret": secret}).json()
            assert body["next"] is None
            listed |= {row["id"] for row in body["results"]}
        body = client.get("/api/v1/search/", {"q": SEARCH_Q}).json()
        found = {row["id"] for row in body["results"]}
        for name, doc in world.docs.items():
            detail_url, file_url = f"/api/v1/incoming/{doc.pk}/", _file_url(world, name, api=True)
            measured[persona, name] = {
                "api": _status_cell(client.get(detail_url), persona, detail_url),
                "api_list": int(doc.pk in listed),
                "api_search": int(doc.pk in found),
                "api_file": _status_cell(client.get(file_url), persona, file_url),
            }
    _compare(world, ["api", "api_list", "api_search", "api_file"], measured)


def test_api_detail_of_a_secret_document_lists_no_files(world):
    client = _client(world.cast.spec_a)
    body = client.get(f"/api/v1/incoming/{world.docs['secret_personal'].public_id}/").json()
    assert body["secrecy"] == "confidential"
    assert not body.get("attachments")


def test_anonymous_visitors_see_nothing(world):
    client = Client()
    doc = world.docs["registered"]
    page = client.get(reverse("inbound:detail", kwargs={"public_id": doc.public_id}))
    assert page.status_code == 302 and reverse("accounts:login") in page["Location"]
    assert client.get(f"/api/v1/incoming/{doc.pk}/").status_code in (401, 403)
    assert client.get("/api/v1/incoming/").status_code in (401, 403)
    assert access_incoming_or_none(None, doc) is None


def access_incoming_or_none(user, doc: Incoming):
    from django.contrib.auth.models import AnonymousUser

    try:
        return access_incoming(user or AnonymousUser(), doc.pk)
    except NotFound:
        return None
