"""Keyset pagination: the next page starts after the last row seen, so page 5,000 costs what page 1 does."""

import base64
import json
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from edesk.core.errors import UserError


class BadCursor(UserError):
    code = "bad_cursor"
    default_message = _("Tham số phân trang không hợp lệ.")


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None


def _field_value(obj: Model, path: str) -> Any:
    value: Any = obj
    for part in path.split("__"):
        value = getattr(value, part)
    return value


def _encode(values: list[Any]) -> str:
    raw = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, qs: QuerySet, fields: list[str]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except ValueError as exc:
        raise BadCursor() from exc
    if not isinstance(values, list) or len(values) != len(fields):
        raise BadCursor()
    decoded = []
    for path, value in zip(fields, values, strict=True):
        model: Any = qs.model
        parts = path.split("__")
        for part in parts[:-1]:
            model = model._meta.get_field(part).related_model
        model_field = model._meta.get_field(parts[-1])
        try:
            decoded.append(None if value is None else model_field.to_python(value))
        except Exception as exc:  # noqa: BLE001 - any conversion failure is a forged cursor
            raise BadCursor() from exc
    return decoded


def keyset_page(qs: QuerySet, *, order: tuple[str, ...], cursor: str | None, size: int) -> Page:
    """Return one page of `qs` ordered by `order` (the last field must be unique, e.g. "-id").

    Fields must be non-null: a NULL breaks tuple comparison. Nullable sort keys are given a
    non-null stand-in by the caller (e.g. a far-future date for "no deadline").
    """
    fields = [o.lstrip("-") for o in order]
    qs = qs.order_by(*order).filter(_after(qs, order, fields, cursor))
    return _page(list(qs[: size + 1]), fields, size)


def _after(qs: QuerySet, order: tuple[str, ...], fields: list[str], cursor: str | None) -> Q:
    """The rows after `cursor` in `order` (every row for the first page)."""
    condition = Q()
    if cursor:
        values = _decode(cursor, qs, fields)
        for i, path in enumerate(fields):
            op = "lt" if order[i].startswith("-") else "gt"
            step = Q(**{f"{path}__{op}": values[i]})
            for j in range(i):
                step &= Q(**{fields[j]: values[j]})
            condition |= step
        # Implied by the condition above, but in a form an index can start from: without it the
        # database walks every row before the cursor and filters them out one by one.
        condition &= Q(**{f"{fields[0]}__{'lte' if order[0].startswith('-') else 'gte'}": values[0]})
    return condition


def _page(rows: list, fields: list[str], size: int) -> Page:
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = _encode([_field_value(rows[-1], f) for f in fields])
    return Page(items=rows, next_cursor=next_cursor)


def keyset_page_of_parts(
    stages: list[list[QuerySet]],
    *,
    order: tuple[str, ...],
    cursor: str | None,
    size: int,
    mixed: list[QuerySet] | None = None,
) -> Page:
    """`keyset_page` over the union of disjoint querysets of one model, read part by part.

    Each part is read in its own index order for one page and the pages are merged, so a list that is
    the union of a few index ranges (one per register book, say) costs a few short range scans where
    one query over the OR of the parts would walk one index and filter it row by row. In `stages`,
    every row of a stage sorts before every row of the later stages (the parts of one stage
    interleave), so reading stops at the stage that fills the page; `mixed` parts may fall anywhere
    and are always read.
    """
    fields = [o.lstrip("-") for o in order]
    every = [part for stage in stages for part in stage] + list(mixed or [])
    if not every:
        return Page(items=[], next_cursor=None)
    after = _after(every[0], order, fields, cursor)

    def read(part: QuerySet) -> list:
        return list(part.order_by(*order).filter(after)[: size + 1])

    rows = [row for part in mixed or [] for row in read(part)]
    staged = 0
    for stage in stages:
        if staged > size:
            break
        for part in stage:
            found = read(part)
            staged += len(found)
            rows += found
    for path, key in reversed(list(zip(fields, order, strict=True))):  # stable sorts, last key first
        rows.sort(key=partial(_field_value, path=path), reverse=key.startswith("-"))
    return _page(rows[: size + 1], fields, size)


def next_page_url(request, param: str, value: Any) -> str | None:
    """The absolute URL of `request` with `param` set to `value` (the next page's cursor or offset);
    None when there is no next page."""
    if value is None:
        return None
    query = request.GET.copy()
    query[param] = str(value)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def more_url(path: str, cursor: str | None, **query: str) -> str:
    """The address of a list page's “Xem tiếp” row (partials/more_row.html): `path` with `query`
    and the next page's cursor; "" on the last page, which shows no row."""
    if not cursor:
        return ""
    return path + "?" + "".join(f"{key}={value}&" for key, value in query.items()) + f"cursor={cursor}"


_ENVELOPES: dict[str, type] = {}


def page_envelope(item_serializer: type) -> type:
    """The API's page shape `{"results": [...], "next": url | null}` for `item_serializer`, as a
    serializer class the OpenAPI schema names after the item ("IncomingSummaryPage")."""
    from rest_framework import serializers

    name = item_serializer.__name__.removesuffix("Serializer") + "PageSerializer"
    if name not in _ENVELOPES:
        _ENVELOPES[name] = type(
            name,
            (serializers.Serializer,),
            {
                # Lazy: drf-spectacular reads the docstring as the component's description when it
                # renders the schema, so the description follows the schema's language.
                "__doc__": _("Một trang kết quả; `next` là địa chỉ đầy đủ của trang sau (null nếu hết)."),
                "__module__": __name__,
                "results": item_serializer(many=True),
                "next": serializers.URLField(allow_null=True),
            },
        )
    return _ENVELOPES[name]
