"""Request bodies for both engines, and the parsing of their responses.

Every query that returns records carries the same two filters inside the
engine query: the record is active, and the viewer's country may see it
(owner, ``all`` scope, or named in a ``countries`` scope). A record the
sharing rule hides is never sent to Cruce.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine.records import SharingScope, Status

CANDIDATE_FIELDS = ["record", "analysis"]


def sharing_filter(viewer_country: str | None) -> list[dict[str, Any]]:
    """Filter clauses that keep only records a principal of ``viewer_country`` may see (none for a trusted caller)."""
    if viewer_country is None:
        return []

    country = viewer_country.upper()
    visible = [
        {"term": {"owner": country}},
        {"term": {"sharing_scope": SharingScope.ALL.value}},
        {
            "bool": {
                "filter": [
                    {"term": {"sharing_scope": SharingScope.COUNTRIES.value}},
                    {"term": {"sharing_countries": country}},
                ]
            }
        },
    ]
    return [{"bool": {"should": visible, "minimum_should_match": 1}}]


def visible_filters(sources: Sequence[str] | None, viewer_country: str | None) -> list[dict[str, Any]]:
    """Filter clauses for active records of the given sources (all when ``None``) that the viewer may see."""
    filters: list[dict[str, Any]] = [{"term": {"status": Status.ACTIVE.value}}]
    if sources is not None:
        filters.append({"terms": {"source": list(sources)}})
    return filters + sharing_filter(viewer_country)


def candidates_body(
    keys: Sequence[str],
    sources: Sequence[str] | None,
    viewer_country: str | None,
    limit: int,
) -> dict[str, Any]:
    """Search body for persons sharing at least one blocking key, ranked by how many keys they share.

    Each key is a ``constant_score`` clause worth 1, so a hit's score is the
    number of matching keys; ties are broken by source and record id so that
    the order is stable.
    """
    distinct = list(dict.fromkeys(keys))
    should = [{"constant_score": {"filter": {"term": {"blocking_keys": key}}, "boost": 1.0}} for key in distinct]
    return {
        "size": limit,
        "track_total_hits": False,
        "_source": CANDIDATE_FIELDS,
        "query": {
            "bool": {
                "filter": visible_filters(sources, viewer_country),
                "should": should,
                "minimum_should_match": 1,
            }
        },
        "sort": [{"_score": "desc"}, {"source": "asc"}, {"record_id": "asc"}],
    }


def record_body(source: str, record_id: str, viewer_country: str | None) -> dict[str, Any]:
    """Search body that finds one active, visible record by source and id."""
    filters = visible_filters([source], viewer_country) + [{"term": {"record_id": record_id}}]
    return {"size": 1, "_source": ["record"], "query": {"bool": {"filter": filters}}}


def count_body(source: str | None, viewer_country: str | None) -> dict[str, Any]:
    sources = None if source is None else [source]
    return {"query": {"bool": {"filter": visible_filters(sources, viewer_country)}}}


def name_part_body(part: str) -> dict[str, Any]:
    """Count body for the active persons that carry a name part (the same rule as the embedded index)."""
    filters = [{"term": {"status": Status.ACTIVE.value}}, {"term": {"name_parts": part}}]
    return {"query": {"bool": {"filter": filters}}}


def lookup_body(
    keys: Sequence[str],
    sources: Sequence[str] | None,
    viewer_country: str | None,
    limit: int,
) -> dict[str, Any]:
    """Search body for travel documents or vehicles carrying any of the lookup keys, most keys shared first."""
    should = [
        {"constant_score": {"filter": {"term": {"lookup_keys": key}}, "boost": 1.0}} for key in dict.fromkeys(keys)
    ]
    return {
        "size": limit,
        "track_total_hits": False,
        "_source": ["record"],
        "query": {"bool": {"filter": visible_filters(sources, viewer_country), "should": should, "minimum_should_match": 1}},
        "sort": [{"_score": "desc"}, {"source": "asc"}, {"record_id": "asc"}],
    }


def status_body(source: str, record_id: str, viewer_country: str | None) -> dict[str, Any]:
    """Search body for one record by source and id, active or withdrawn, that the viewer may see."""
    filters = [{"term": {"source": source}}, {"term": {"record_id": record_id}}] + sharing_filter(viewer_country)
    return {"size": 1, "_source": ["status"], "query": {"bool": {"filter": filters}}}


def active_persons_body() -> dict[str, Any]:
    return {"query": {"bool": {"filter": [{"term": {"status": Status.ACTIVE.value}}]}}}


def counts_body() -> dict[str, Any]:
    """Search body that counts records per source and status."""
    return {
        "size": 0,
        "aggs": {
            "sources": {
                "terms": {"field": "source", "size": 1000},
                "aggs": {"statuses": {"terms": {"field": "status", "size": 10}}},
            }
        },
    }


def counts(response: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Parse the response to ``counts_body`` as {source: {status: count}}."""
    found: dict[str, dict[str, int]] = {}
    for source in response.get("aggregations", {}).get("sources", {}).get("buckets", []):
        statuses = source.get("statuses", {}).get("buckets", [])
        found[source["key"]] = {status["key"]: int(status["doc_count"]) for status in statuses}
    return found


def msearch_lines(index: str, bodies: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Interleave header and body lines for ``_msearch``."""
    lines: list[dict[str, Any]] = []
    for body in bodies:
        lines.append({"index": index})
        lines.append(body)
    return lines


def hits(response: dict[str, Any]) -> list[dict[str, Any]]:
    return list(response.get("hits", {}).get("hits", []))


def msearch_hits(response: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Return the hits of each search in an ``_msearch`` response. Raises RuntimeError when one of them failed."""
    results: list[list[dict[str, Any]]] = []
    for position, answer in enumerate(response.get("responses", [])):
        if "error" in answer:
            raise RuntimeError(f"search {position} of the batch failed: {_reason(answer['error'])}")
        results.append(hits(answer))
    return results


def matched_keys(hit: dict[str, Any]) -> int:
    score = hit.get("_score")
    if score is None:
        sort = hit.get("sort") or [0]
        score = sort[0]
    return int(round(float(score)))


def _reason(error: Any) -> str:
    if isinstance(error, dict):
        return f"{error.get('type', 'error')}: {error.get('reason', '')}"
    return str(error)
