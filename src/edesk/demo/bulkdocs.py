"""Incoming documents of the benchmark province, as rows for the bulk loader (see bulk.py).

Each document gets the life a working office gives it: the older it is, the likelier it is done.
The rows are what the services would have written: the register number comes from the register's
counter in arrival order, assignments copy urgency, secrecy and agency from the document and sort
deadline-less parts last (`NO_DEADLINE`), delegated parts keep their unit, and a completed lead
completes its document and the co-handling parts with it.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate

from edesk.core.enums import Channel
from edesk.demo import vocabulary as vocab
from edesk.demo import worknotes as notes
from edesk.demo.bulkorgs import Agency, Province, new_uuid
from edesk.demo.bulkparts import Life, Parts
from edesk.demo.orgdata import EXTERNAL_ISSUERS
from edesk.documents.doctypes import parse_doc_type
from edesk.documents.models import AttachmentKind, Document, RegisterKind, TextStatus
from edesk.documents.services import REGISTER_NAMES, dup_key, search_text_of
from edesk.inbound.models import State

# Final state by age in days: (up to age, ((state, weight), ...)).
_STATE_MIX = (
    (
        7,
        (
            (State.COMPLETED, 10),
            (State.IN_PROGRESS, 25),
            (State.DIRECTED, 25),
            (State.PRESENTED, 20),
            (State.REGISTERED, 15),
            (State.RETURNED, 5),
        ),
    ),
    (
        30,
        (
            (State.COMPLETED, 45),
            (State.IN_PROGRESS, 35),
            (State.DIRECTED, 12),
            (State.PRESENTED, 5),
            (State.REGISTERED, 1),
            (State.RETURNED, 2),
        ),
    ),
    (
        90,
        (
            (State.COMPLETED, 80),
            (State.IN_PROGRESS, 14),
            (State.DIRECTED, 4),
            (State.PRESENTED, 1),
            (State.RETURNED, 1),
        ),
    ),
    (None, ((State.COMPLETED, 97), (State.IN_PROGRESS, 2), (State.DIRECTED, 1))),
)
_STATE_TABLES = [
    (limit, tuple(s for s, _ in mix), tuple(accumulate(w for _, w in mix))) for limit, mix in _STATE_MIX
]
_URGENCY_CUM = (85, 94, 98, 100)
_CHANNELS = (Channel.ELECTRONIC, Channel.POST, Channel.HAND)
_CHANNEL_CUM = (85, 95, 100)
_HOUR = 3600.0


@dataclass(frozen=True)
class _Issuer:
    id: int | None
    name: str
    code: str
    short: str
    unit_shorts: tuple[str, ...]


class DocumentMaker:
    def __init__(self, rng, tables, province: Province, blobs, *, now: datetime, text_share: float):
        self.rng = rng
        self.t = {model.__name__: table for model, table in tables.items()}
        self.province = province
        self.blobs = blobs
        self.now = now
        self.limit = now - timedelta(minutes=5)
        self.text_share = text_share
        self.ids = {"doc": 0, "assignment": 0, "attachment": 0, "note": 0, "register": 0}
        self.registers: dict[tuple[int, int, str], list[int]] = {}
        self.doc_types = {name: parse_doc_type(name).value for name, _ in vocab.DOC_TYPES}
        self.internal = [self._internal(a) for a in province.agencies if a.depth <= 1]
        self.external = [_Issuer(None, s.name, s.code or "", s.short_name, ()) for s in EXTERNAL_ISSUERS]
        # One unsaved Document carries each row's fields through search_text_of, the function the
        # services use, so the searchable text is built exactly as registration builds it.
        self.probe = Document()

    @staticmethod
    def _internal(agency: Agency) -> _Issuer:
        return _Issuer(
            agency.id, agency.name, agency.code, agency.short, tuple(u.short for u in agency.units)
        )

    def _next(self, key: str) -> int:
        self.ids[key] += 1
        return self.ids[key]

    def _register(self, agency: Agency, year: int, kind: str, arrival: datetime) -> tuple[int, int]:
        """(register id, arrival number): the register of the year is opened by its first entry."""
        key = (agency.id, year, kind)
        entry = self.registers.get(key)
        if entry is None:
            entry = self.registers[key] = [self._next("register"), 0]
            name = REGISTER_NAMES[RegisterKind(kind)].format(year=year)
            self.t["Register"].add(
                {
                    "id": entry[0],
                    "created_at": arrival,
                    "updated_at": self.now,
                    "agency_id": agency.id,
                    "year": year,
                    "kind": kind,
                    "name": name,
                    "last_number": 0,
                }
            )
        entry[1] += 1
        return entry[0], entry[1]

    def _issuer(self, agency: Agency) -> _Issuer:
        rng = self.rng
        draw = rng.random()
        if agency.parent is not None and draw < 0.35:
            return self._internal(agency.parent)
        if draw < 0.70:
            return rng.choice(self.internal)
        return rng.choice(self.external)

    def _life(self, arrival: datetime, due: date | None) -> Life:
        rng = self.rng
        age = (self.now - arrival).days
        for limit, states, cum in _STATE_TABLES:
            if limit is None or age <= limit:
                state = rng.choices(states, cum_weights=cum)[0]
                break
        steps = [rng.uniform(0.3, 6) * _HOUR, rng.uniform(1, 48) * _HOUR, rng.uniform(1, 72) * _HOUR]
        if state == State.COMPLETED:
            days = (due - arrival.date()).days if due else 20
            share = rng.uniform(0.2, 0.95) if rng.random() < 0.85 else rng.uniform(1.0, 1.6)
            steps.append(max(1.0, days * share) * 24 * _HOUR)
        moments = [arrival]
        for step in steps:
            moments.append(moments[-1] + timedelta(seconds=step))
        if moments[-1] > self.limit:  # squeeze the history into the time that has passed
            factor = (
                max(0.0, (self.limit - arrival).total_seconds()) / (moments[-1] - arrival).total_seconds()
            )
            moments = [arrival + (m - arrival) * factor for m in moments]
        life = Life(state, updated_at=arrival)
        if state != State.REGISTERED:
            life.presented_at = life.updated_at = moments[1]
        if state in (State.DIRECTED, State.IN_PROGRESS, State.COMPLETED):
            life.directed_at = life.updated_at = moments[2]
        if state in (State.IN_PROGRESS, State.COMPLETED):
            life.started_at = life.updated_at = moments[3]
        if state == State.COMPLETED:
            life.completed_at = life.updated_at = moments[4]
        if state == State.RETURNED:
            life.updated_at = moments[2]
        return life

    def add(self, agency: Agency, arrival: datetime) -> None:
        rng = self.rng
        doc_id = self._next("doc")
        year = arrival.year
        secrecy = 0 if rng.random() < 0.99 else rng.choice((1, 1, 1, 2))
        kind = RegisterKind.INCOMING if secrecy == 0 else RegisterKind.INCOMING_SECRET
        register_id, number = self._register(agency, year, kind, arrival)
        urgency = rng.choices((0, 1, 2, 3), cum_weights=_URGENCY_CUM)[0]
        type_name, abbr = vocab.pick_doc_type(rng)
        subject = vocab.subject(rng, type_name, year=year)
        issuer = self._issuer(agency)
        unit_short = rng.choice(issuer.unit_shorts) if issuer.unit_shorts else None
        code_number = f"{rng.randint(1, 2500):02d}"
        notation = vocab.notation_for(abbr, issuer.short, rng, unit_short=unit_short)[:30]
        position, signer_name = vocab.signer(rng)
        due = arrival.date() + timedelta(days=rng.randint(3, 30)) if rng.random() < 0.65 else None
        life = self._life(arrival, due)
        has_text = secrecy == 0 and rng.random() < self.text_share
        texts = (
            [vocab.extracted_text(rng, subject, 3, year=year, doc_type_name=type_name)] if has_text else []
        )
        blob = rng.choice(self.blobs) if secrecy == 0 else None
        probe = self.probe
        probe.code_number, probe.code_notation, probe.subject = code_number, notation, subject
        probe.issuer_name, probe.signer_name = issuer.name, signer_name
        clerk = rng.choice(agency.clerks)
        self.t["Document"].add(
            {
                "id": doc_id,
                "public_id": new_uuid(rng),
                "created_at": arrival,
                "updated_at": life.updated_at,
                "agency_id": agency.id,
                "direction": "in",
                "doc_type": self.doc_types[type_name],
                "code_number": code_number,
                "code_notation": notation,
                "issued_date": arrival.date() - timedelta(days=rng.choice((0, 1, 1, 1, 2, 2, 3, 5, 7))),
                "issuer_id": issuer.id,
                "issuer_name": issuer.name,
                "issuer_code": issuer.code,
                "signer_name": signer_name,
                "signer_position": position,
                "subject": subject,
                "urgency": urgency,
                "secrecy": secrecy,
                "page_amount": blob[2] if blob else None,
                "created_by_id": clerk,
                "dup_key": dup_key(code_number, notation, issuer.code or issuer.name),
                "search_text": search_text_of(probe, texts),
            }
        )
        leader = agency.leaders[0] if rng.random() < 0.55 else rng.choice(agency.leaders)
        direction = vocab.direction_note(rng, year=year) if life.directed_at else ""
        self.t["Incoming"].add(
            {
                "document_ptr_id": doc_id,
                "register_id": register_id,
                "arrival_number": number,
                "arrival_at": arrival,
                "channel": rng.choices(_CHANNELS, cum_weights=_CHANNEL_CUM)[0],
                "state": life.state,
                "due_date": due,
                "presented_to_id": leader if life.presented_at else None,
                "presented_at": life.presented_at,
                "directed_by_id": leader if life.directed_at else None,
                "directed_at": life.directed_at,
                "direction_note": direction,
                "return_reason": rng.choice(notes.RETURN_REASONS) if life.state == State.RETURNED else "",
                "completed_at": life.completed_at,
            }
        )
        if blob is not None:
            self._attachment(doc_id, blob, f"{code_number}-{notation}.pdf", texts, clerk, arrival, 0)
            if rng.random() < 0.1:
                self._attachment(doc_id, rng.choice(self.blobs), "Phu-luc.pdf", [], clerk, arrival, 1)
        if life.directed_at is not None:
            Parts(self, agency, doc_id, life, leader, direction, due, urgency, secrecy).write()

    def _attachment(self, doc_id, blob, name, texts, clerk, arrival, order) -> None:
        sha256, size, pages = blob
        self.t["Attachment"].add(
            {
                "id": self._next("attachment"),
                "created_at": arrival,
                "updated_at": arrival,
                "document_id": doc_id,
                "blob_id": sha256,
                "name": name.replace("/", "-"),
                "content_type": "application/pdf",
                "size": size,
                "kind": AttachmentKind.MAIN if order == 0 else AttachmentKind.APPENDIX,
                "page_count": pages,
                "text": texts[0] if texts else "",
                "text_status": TextStatus.DONE,
                "sort_order": order,
                "uploaded_by_id": clerk,
            }
        )
