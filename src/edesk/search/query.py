"""One search box over subject, number/notation, issuer and extracted text, insensitive to
diacritics and case. Callers pass a queryset already limited to what the searcher may see."""

import re

from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from edesk.core.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_NOTATION = re.compile(r"^\s*0*(\d+)\s*/\s*(\S+)\s*$")
MAX_TERMS = 12


def terms(q: str) -> list[str]:
    return _WORD.findall(fold(q))[:MAX_TERMS]


def _pg_tsquery(words: list[str]) -> str:
    # Every word must appear; the last may be a prefix, so results narrow while the user types.
    quoted = [w.replace("'", "") for w in words]
    return " & ".join([*quoted[:-1], f"{quoted[-1]}:*"])


def _fts5_query(words: list[str]) -> str:
    quoted = [f'"{w}"' for w in words]
    return " ".join([*quoted[:-1], quoted[-1] + "*"])


def matching(qs: QuerySet, q: str) -> QuerySet:
    """Filter `qs` (of Document or a subclass) to the documents that match `q`, best first:
    an exact number/notation hit, then (PostgreSQL) text rank, then newest."""
    words = terms(q)
    if not words:
        return qs.none()
    table = qs.model._meta.get_field("search_text").model._meta.db_table
    if connection.vendor == "postgresql":
        # The table name comes from model metadata and the query text is a bound parameter.
        tsq = _pg_tsquery(words)
        match_sql = f"{table}.search_vector @@ to_tsquery('simple', %s)"
        rank_sql = f"ts_rank({table}.search_vector, to_tsquery('simple', %s))"
        qs = qs.filter(RawSQL(match_sql, [tsq], output_field=BooleanField())).annotate(  # noqa: S611
            rank=RawSQL(rank_sql, [tsq], output_field=FloatField())  # noqa: S611
        )
    else:
        qs = qs.filter(
            pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [_fts5_query(words)])
        ).annotate(rank=Value(0.0))
    exact = _NOTATION.match(q)
    if exact:
        number, notation = exact.groups()
        hit = Q(code_notation__iexact=notation) & (
            Q(code_number=number) | Q(code_number=f"{int(number):02d}")
        )
        qs = qs.annotate(exact=Case(When(hit, then=Value(1)), default=Value(0), output_field=IntegerField()))
    else:
        qs = qs.annotate(exact=Value(0, output_field=IntegerField()))
    return qs.order_by(F("exact").desc(), F("rank").desc(), F("pk").desc())


def exact_notation(qs: QuerySet, q: str) -> QuerySet:
    """Documents whose number/notation is exactly `q` (e.g. "125/QĐ-UBND"), for the fast path."""
    exact = _NOTATION.match(q)
    if not exact:
        return qs.none()
    number, notation = exact.groups()
    return qs.filter(
        Q(code_notation__iexact=notation) & (Q(code_number=number) | Q(code_number=f"{int(number):02d}"))
    )
