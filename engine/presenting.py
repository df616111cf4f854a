"""Shape federated hits for people: the JSON the API and `--json` return, in the caller's language."""

from __future__ import annotations

from typing import Any

from engine.i18n import feature_label, method_label, notice_label, translate
from engine.records import Person, record_to_dict


def explanation_to_dicts(explanation: list[Any], language: str) -> list[dict[str, Any]]:
    """Turn the scorer's contributions into labelled rows, largest contribution first."""
    rows = []
    for item in sorted(explanation, key=lambda contribution: -abs(contribution.points)):
        feature = feature_label(item.feature, language)
        method = method_label(item.how, language)
        rows.append(
            {
                "feature": item.feature,
                "how": item.how,
                "points": round(item.points, 3),
                "query_value": item.query_value,
                "record_value": item.record_value,
                "text": f"{feature}: {method} ({item.points:+.2f})",
            }
        )
    return rows


def hit_to_dict(hit: Any, language: str) -> dict[str, Any]:
    """Describe one hit: score, band, source, owner, the record and why it matched."""
    person: Person = hit.record
    band = str(hit.match.band)
    data: dict[str, Any] = {
        "score": round(hit.match.score, 4),
        "band": band,
        "band_label": translate(f"band.{band}", language),
        "source": hit.source,
        "owner": person.owner,
        "record_id": person.record_id,
        "name": person.display_name(),
        "explanation": explanation_to_dicts(hit.match.explanation, language),
        "record": record_to_dict(person),
    }
    if person.notice is not None:
        data["notice_label"] = notice_label(person.notice.kind, language)
    also = getattr(hit, "also_in", None)
    if also:
        data["also_in"] = list(also)
    return data


def missing_to_dicts(missing: Any, language: str) -> list[dict[str, str]]:
    """Describe the sources that did not answer, so partial results are never silent."""
    rows = []
    for item in missing:
        source = getattr(item, "source", None) or item[0]
        reason = getattr(item, "reason", None) or item[1]
        reason_text = translate(f"reason.{reason}", language)
        rows.append(
            {
                "source": source,
                "reason": reason,
                "message": translate("search.source_missing", language, source=source, reason=reason_text),
            }
        )
    return rows
