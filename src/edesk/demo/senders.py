"""Who sends documents to the demo agencies: the city's own agencies, and senders outside it."""

import random
from dataclasses import dataclass

from edesk.demo.orgdata import EXTERNAL_ISSUERS, HUE_TREE, OrgSpec, iter_specs, leader_titles
from edesk.demo.people import person_name

# (name prefix, (head, deputy)) for senders whose heads are not a Giám đốc or a Chủ tịch.
_HEAD_TITLES = (
    ("Bộ Chỉ huy", ("Chỉ huy trưởng", "Phó Chỉ huy trưởng")),
    ("Bộ ", ("Bộ trưởng", "Thứ trưởng")),
    ("Văn phòng Chính phủ", ("Bộ trưởng, Chủ nhiệm", "Phó Chủ nhiệm")),
    ("Văn phòng Quốc hội", ("Chủ nhiệm", "Phó Chủ nhiệm")),
    ("Ngân hàng Nhà nước", ("Thống đốc", "Phó Thống đốc")),
    ("Thanh tra Chính phủ", ("Tổng Thanh tra", "Phó Tổng Thanh tra")),
    ("Kiểm toán", ("Tổng Kiểm toán", "Phó Tổng Kiểm toán")),
    ("Tòa án", ("Chánh án", "Phó Chánh án")),
    ("Viện Kiểm sát", ("Viện trưởng", "Phó Viện trưởng")),
    ("Thành ủy", ("Bí thư", "Phó Bí thư")),
    ("Văn phòng Thành ủy", ("Chánh Văn phòng", "Phó Chánh Văn phòng")),
    ("HĐND", ("Chủ tịch", "Phó Chủ tịch")),
    ("Đoàn đại biểu", ("Trưởng đoàn", "Phó Trưởng đoàn")),
    ("Ủy ban Mặt trận", ("Chủ tịch", "Phó Chủ tịch")),
    ("Liên đoàn", ("Chủ tịch", "Phó Chủ tịch")),
    ("Hội ", ("Chủ tịch", "Phó Chủ tịch")),
)


@dataclass(frozen=True)
class Sender:
    org_id: int | None
    name: str
    code: str
    short: str
    units: tuple[str, ...]
    superior: str
    place: str
    titles: tuple[str, str]

    def signer(self, rng: random.Random) -> tuple[str, str]:
        """(position, full name): the head signs a third of the documents, a deputy the rest."""
        position = self.titles[0] if rng.random() < 0.35 else self.titles[1]
        return position, person_name(rng)


def _titles(spec: OrgSpec) -> tuple[str, str]:
    for prefix, titles in _HEAD_TITLES:
        if spec.name.startswith(prefix):
            return titles
    return leader_titles(spec)


def _place(name: str) -> str:
    """Where the sender writes from, for the date line ("Hà Nội, ngày …")."""
    for prefix in ("UBND tỉnh ", "UBND thành phố "):
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return "Huế" if "Huế" in name or "khu vực" in name else "Hà Nội"


class Senders:
    def __init__(self, staff):
        parents = {spec.key: parent for spec, parent in iter_specs(HUE_TREE)}
        self.internal = {}
        for key, agency in staff.items():
            parent = parents[key]
            # A commune's People's Committee heads its own letterhead; an office or department
            # names the city's committee above itself.
            superior = parent.name if parent and not agency.spec.name.startswith("UBND") else ""
            units = tuple(c.short_name for c in agency.spec.children if not c.is_agency)
            self.internal[key] = Sender(
                agency.org.pk, agency.org.name, agency.org.code or "", agency.spec.short_name, units,
                superior, "Huế", _titles(agency.spec),
            )  # fmt: skip
        self.external = [
            Sender(None, s.name, s.code or "", s.short_name, (), "", _place(s.name), _titles(s))
            for s in EXTERNAL_ISSUERS
        ]

    def pick(self, rng: random.Random, receiver: str) -> Sender:
        """The city writes to its agencies most; ministries and outside bodies write to everyone."""
        draw = rng.random()
        if receiver != "ubnd" and draw < 0.35:
            return self.internal["ubnd"]
        if draw < 0.6:
            return rng.choice([s for k, s in self.internal.items() if k not in (receiver, "ubnd")])
        return rng.choice(self.external)
