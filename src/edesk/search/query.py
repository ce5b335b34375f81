"""One search box over subject, number/notation, issuer and extracted text, insensitive to
diacritics and case. Callers pass a queryset already limited to what the searcher may see.

A number and notation ("125/QĐ-UBND", "5/qd-ubnd") is also indexed as one token, `notation_token`,
so that an exact hit is found and ranked first on both backends, whatever diacritics or leading
zeros (Decree 30 writes "05") the searcher types.
"""

import re

from django.db import connection
from django.db.models import BooleanField, F, FloatField, IntegerField, QuerySet, Value
from django.db.models.expressions import RawSQL

from edesk.core.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_NOTATION = re.compile(r"^\s*(\d+)\s*/\s*(\S+)\s*$")
_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
MAX_TERMS = 12
_FTS5_IDS = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"


def terms(q: str) -> list[str]:
    return _WORD.findall(fold(q))[:MAX_TERMS]


def notation_token(code_number: str, code_notation: str) -> str:
    """'05', 'QĐ-UBND' → 'sk5qdubnd': one searchable word for an exact number/notation."""
    number = (code_number or "").strip().lstrip("0")
    notation = _NOT_ALNUM.sub("", fold(code_notation or ""))
    if not number or not number.isdigit() or not notation:
        return ""
    return f"sk{number}{notation}"


def query_notation_token(q: str) -> str:
    match = _NOTATION.match(q)
    return notation_token(*match.groups()) if match else ""


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
    token = query_notation_token(q)
    if connection.vendor == "postgresql":
        qs = _pg_matching(qs, words, token)
    else:
        qs = _fts5_matching(qs, words, token)
    return qs.order_by(F("exact").desc(), F("rank").desc(), F("pk").desc())


def _pg_matching(qs: QuerySet, words: list[str], token: str) -> QuerySet:
    # The table name comes from model metadata; the query text is always a bound parameter.
    table = qs.model._meta.get_field("search_text").model._meta.db_table
    tsq = _pg_tsquery(words)
    if token:
        tsq = f"({tsq}) | {token}"
    rank_sql = f"ts_rank({table}.search_vector, to_tsquery('simple', %s))"
    if len(words) > 1 and not token:
        # The same match, split: the whole words go through the GIN index, the prefix is checked on
        # the rows they find. A short prefix ("nha:*") spans thousands of index entries, and
        # PostgreSQL reads all of them before it combines them with the other words — measured at
        # 1M documents, 388 ms against 50 ms for the same query (docs/benchmarks.md).
        whole = " & ".join(w.replace("'", "") for w in words[:-1])
        prefix = _pg_tsquery(words[-1:])
        match_sql = (
            f"{table}.search_vector @@ to_tsquery('simple', %s) "
            f"AND ({table}.search_vector @@ to_tsquery('simple', %s)) IS TRUE"
        )
        match_params = [whole, prefix]
    else:
        match_sql = f"{table}.search_vector @@ to_tsquery('simple', %s)"
        match_params = [tsq]
    qs = qs.filter(RawSQL(match_sql, match_params, output_field=BooleanField())).annotate(  # noqa: S611
        rank=RawSQL(rank_sql, [tsq], output_field=FloatField())  # noqa: S611
    )
    if not token:
        return qs.annotate(exact=Value(0, output_field=IntegerField()))
    exact_sql = f"CASE WHEN {table}.search_vector @@ to_tsquery('simple', %s) THEN 1 ELSE 0 END"
    return qs.annotate(exact=RawSQL(exact_sql, [token], output_field=IntegerField()))  # noqa: S611


def _fts5_matching(qs: QuerySet, words: list[str], token: str) -> QuerySet:
    fts = _fts5_query(words)
    if token:
        fts = f'({fts}) OR "{token}"'
    qs = qs.filter(pk__in=RawSQL(_FTS5_IDS, [fts])).annotate(  # noqa: S611 - fixed SQL, bound query
        rank=Value(0.0, output_field=FloatField())
    )
    if not token:
        return qs.annotate(exact=Value(0, output_field=IntegerField()))
    # Table and column names come from model metadata; the token is a bound parameter.
    column = f'"{qs.model._meta.db_table}"."{qs.model._meta.pk.get_attname_column()[1]}"'
    exact_sql = f"CASE WHEN {column} IN ({_FTS5_IDS}) THEN 1 ELSE 0 END"
    return qs.annotate(exact=RawSQL(exact_sql, [f'"{token}"'], output_field=IntegerField()))  # noqa: S611
