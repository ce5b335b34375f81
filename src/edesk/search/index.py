"""Keeping the full-text index in step with `Document.search_text`.

PostgreSQL derives its index from the column itself (a generated tsvector with a GIN index), so
there is nothing to do. SQLite keeps an FTS5 table, written here in the caller's transaction.
"""

from django.db import connection


def document_changed(document) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [document.pk])
        cursor.execute(
            "INSERT INTO search_fts(rowid, body) VALUES (%s, %s)", [document.pk, document.search_text]
        )


def document_removed(document_id: int) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [document_id])
