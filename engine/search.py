"""Officer name search: validate, fan out through federation, and shape the answer."""

from __future__ import annotations

import time
from typing import Any

from engine.names.folding import strip_control
from engine.presenting import hit_to_dict, missing_to_dicts
from engine.queries import build_person_query, parse_band, parse_limit
from engine.runtime import Runtime

# Hits below this score share a blocking key with the query but no positive evidence; they are noise.
MIN_SCORE = 0.05


def search_persons(
    runtime: Runtime,
    *,
    name: str,
    birth_date: str | None = None,
    sex: str | None = None,
    nationality: str | None = None,
    sources: list[str] | None = None,
    limit: int = 10,
    min_band: str | None = None,
    viewer_country: str | None = None,
    language: str = "es",
) -> dict[str, Any]:
    """Run one officer look-up and return the response body shared by the API and `--json`.

    Raises UserError (UnknownSource among them) for invalid input or an unknown source.
    """
    started = time.perf_counter()
    query = build_person_query(name, birth_date, sex, nationality)
    limit = parse_limit(limit)
    band = parse_band(min_band)

    result = runtime.federation.search_persons(
        query, viewer_country=viewer_country, sources=sources, limit=limit, min_band=band
    )
    hits = [hit for hit in result.hits if hit.score >= MIN_SCORE]

    took_ms = (time.perf_counter() - started) * 1000
    return {
        "query": {
            "name": strip_control(name),
            "birth_date": str(query.birth_date) if query.birth_date else None,
            "sex": query.sex,
            "nationality": query.nationality,
        },
        "hits": [hit_to_dict(hit, language) for hit in hits],
        "partial": bool(result.missing),
        "missing_sources": missing_to_dicts(result.missing, language),
        "took_ms": round(took_ms, 2),
    }
