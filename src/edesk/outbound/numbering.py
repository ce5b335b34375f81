"""Number, notation and date line of an outgoing document (Decree 30 App. I §II.3, §II.4; Art. 15).

- The register: secret documents run in the agency's secret register (Art. 15.2); the others in the
  outgoing register's shared book, or in their type's own book when a NumberingRule gives one.
- The number is zero-padded below 10 ("05"); the notation is `<type abbr>-<agency abbr>` (QĐ-UBND),
  or for công văn and thư công, which have no type abbreviation, `<agency abbr>-<unit abbr>`
  (UBND-VX).
- The date line: "<place>, ngày 05 tháng 01 năm 2026": days below 10 and months 1 and 2 take a
  leading zero. The place is the city or province of the agency's address (its last part, without
  "thành phố"/"tỉnh"…), else settings.EDESK_PLACE_NAME.
"""

import re
from datetime import date

from django.conf import settings

from edesk.documents.models import RegisterKind
from edesk.orgs.models import Organization
from edesk.outbound.models import NumberingRule, Outgoing

_PLACE_PREFIX = re.compile(r"^(thành phố|tp\.?|tỉnh|thị xã|huyện|quận)\s+", re.IGNORECASE)


def register_kind(outgoing: Outgoing) -> str:
    return RegisterKind.OUTGOING_SECRET if outgoing.is_secret else RegisterKind.OUTGOING


def book_for(outgoing: Outgoing) -> tuple[str, str]:
    """(book, book name) of the sequence the document is numbered in ("" = the shared book)."""
    if outgoing.is_secret:
        return "", ""
    rule = NumberingRule.objects.filter(agency_id=outgoing.owner_id, doc_type=outgoing.doc_type).first()
    return (rule.book, rule.book_name) if rule else ("", "")


def code_number(number: int) -> str:
    return f"{number:02d}"


def notation_for(outgoing: Outgoing) -> str:
    """The notation (ký hiệu) of `outgoing`, e.g. "QĐ-STC" or, for a công văn, "STC-NS"."""
    agency = Organization.objects.only("short_name").get(pk=outgoing.owner_id)
    abbreviation = outgoing.type_abbr
    if abbreviation:
        # Not upper-cased: the decree's abbreviations mix case ("QyĐ", "TTr", "CTr").
        return f"{abbreviation}-{agency.short_name.strip()}"[:30]
    parts = [agency.short_name]
    if outgoing.drafting_unit_id != outgoing.owner_id:
        unit = Organization.objects.only("short_name").get(pk=outgoing.drafting_unit_id)
        parts.append(unit.short_name)
    return "-".join(p.strip() for p in parts if p.strip())[:30]


def place_name(agency: Organization) -> str:
    """The place printed before the date: the last part of the agency's address, else the setting."""
    last = (agency.address or "").split(",")[-1].strip()
    place = _PLACE_PREFIX.sub("", last).strip()
    if place and not any(ch.isdigit() for ch in place):
        return place
    return settings.EDESK_PLACE_NAME


def date_line(agency: Organization, day: date) -> str:
    """ "Huế, ngày 05 tháng 01 năm 2026" (leading zero for days below 10 and for months 1 and 2)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place_name(agency)}, ngày {day.day:02d} tháng {month} năm {day.year}"
