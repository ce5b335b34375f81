"""The organisation spec shared by the fixed Huế tree and the generated benchmark province."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

ORG_CODE_PATTERN = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


@dataclass(frozen=True, slots=True)
class OrgSpec:
    """One node of an organisation tree.

    ``short_name`` is the abbreviation used in document notations: the agency part for an agency
    ("UBND", "STC", "BNV"), the unit part for a unit inside an agency ("VX", "NS", "CCVC").
    Units (``is_agency=False``) have no identifier ``code``.
    """

    key: str
    name: str
    short_name: str
    code: str | None
    is_agency: bool
    children: tuple["OrgSpec", ...] = ()


def org_code(level2: int, level3: int = 0, level4: int = 0, level1: str = "H57") -> str:
    """Compose an identifier code; the right-most group is level 1 and lower levels read leftwards.

    ``org_code(4)`` → ``000.00.04.H57``; ``org_code(4, 2)`` → ``000.02.04.H57``.
    """
    if not (0 <= level2 <= 99 and 0 <= level3 <= 99 and 0 <= level4 <= 999):
        raise ValueError("identifier code level out of range")
    code = f"{level4:03d}.{level3:02d}.{level2:02d}.{level1}"
    if not ORG_CODE_PATTERN.fullmatch(code):
        raise ValueError(f"invalid identifier code {code!r}")
    return code


def iter_specs(roots: Iterable[OrgSpec]) -> Iterator[tuple[OrgSpec, OrgSpec | None]]:
    """Depth-first, parents before children: yields ``(spec, parent)`` pairs."""
    stack: list[tuple[OrgSpec, OrgSpec | None]] = [(root, None) for root in reversed(tuple(roots))]
    while stack:
        spec, parent = stack.pop()
        yield spec, parent
        stack.extend((child, spec) for child in reversed(spec.children))


def count_agencies(roots: Iterable[OrgSpec]) -> int:
    return sum(1 for spec, _ in iter_specs(roots) if spec.is_agency)
