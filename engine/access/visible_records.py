"""Every active record of one source that a viewer country may see, read page by page for an export.

The sharing filter runs inside each backend query, as it does for search: the
embedded index applies the same SQL condition as its candidate queries, and a
search engine gets the same filter clauses as its searches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from engine.index.base import Backend
from engine.index.record_json import record_from_json
from engine.records import Record, RecordKind, Status

PAGE_SIZE = 1000


def visible_records(backend: Backend, source: str, kind: RecordKind, viewer_country: str | None) -> Iterator[Record]:
    """Yield the active records of ``source`` and ``kind`` that ``viewer_country`` may see, in a stable order.

    Raises NotImplementedError for a backend kind that cannot list records.
    """
    listing = getattr(backend, "iter_records", None)
    if listing is not None:
        yield from listing(kind, source, viewer_country)
        return

    from engine.index.sqlite import EmbeddedIndex

    if isinstance(backend, EmbeddedIndex):
        yield from _embedded_records(backend, source, kind, viewer_country)
        return

    client = getattr(backend, "client", None)
    layout = getattr(backend, "layout", None)
    if client is not None and layout is not None:
        yield from _search_engine_records(client, layout.alias(kind), source, viewer_country)
        return
    raise NotImplementedError(f"backend {backend.name!r} cannot list records for an export")


def _embedded_records(backend: Any, source: str, kind: RecordKind, viewer_country: str | None) -> Iterator[Record]:
    # NOTE: this reads the embedded index's tables from outside the class, reusing its
    # sharing condition; an ``iter_records`` method on EmbeddedIndex would own it instead.
    from engine.index.sqlite import sharing_filter

    sharing, sharing_parameters = sharing_filter(viewer_country)
    query = (
        "SELECT r.id, b.body FROM records AS r JOIN record_bodies AS b ON b.id = r.id "
        f"WHERE r.kind = ? AND r.source = ? AND r.status = 'active' AND {sharing} AND r.id > ? "
        "ORDER BY r.id LIMIT ?"
    )
    connection = sqlite3.connect(f"file:{backend.path}?mode=ro", uri=True, timeout=10)
    try:
        connection.execute("PRAGMA busy_timeout = 10000")
        last_id = 0
        while True:
            rows = connection.execute(query, (kind.value, source, *sharing_parameters, last_id, PAGE_SIZE)).fetchall()
            for row_id, body in rows:
                record = record_from_json(body)
                record.status = Status.ACTIVE
                yield record
                last_id = row_id
            if len(rows) < PAGE_SIZE:
                return
    finally:
        connection.close()


def _search_engine_records(client: Any, alias: str, source: str, viewer_country: str | None) -> Iterator[Record]:
    from engine.index.search_engine.documents import record_from_document
    from engine.index.search_engine.queries import hits, visible_filters

    after: list[Any] | None = None
    while True:
        body: dict[str, Any] = {
            "size": PAGE_SIZE,
            "_source": ["record"],
            "query": {"bool": {"filter": visible_filters([source], viewer_country)}},
            "sort": [{"record_id": "asc"}],
        }
        if after is not None:
            body["search_after"] = after
        found = hits(client.search(alias, body))
        for hit in found:
            yield record_from_document(hit["_source"])
        if len(found) < PAGE_SIZE:
            return
        after = found[-1]["sort"]
