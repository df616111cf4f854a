"""Reading a bulk answer: only an item's own acknowledgement counts as success."""

from __future__ import annotations

from engine.index.search_engine.bulk import BulkItem, read_answer


def _items(count: int) -> list[BulkItem]:
    return [BulkItem(f"R-{n}", {"index": {"_id": f"mx:R-{n}"}}, {}) for n in range(count)]


def test_each_item_is_sorted_by_its_own_status() -> None:
    response = {
        "errors": True,
        "items": [
            {"index": {"status": 201}},
            {"index": {"status": 200}},
            {"index": {"status": 409, "error": {"type": "version_conflict_engine_exception", "reason": "newer"}}},
            {"index": {"status": 429, "error": {"type": "es_rejected_execution_exception", "reason": "queue full"}}},
            {"index": {"status": 400, "error": {"type": "mapper_parsing_exception", "reason": "bad field"}}},
        ],
    }

    answer = read_answer(_items(6), response)

    assert answer.outcome.accepted == ["R-0", "R-1"]
    assert answer.outcome.stale == ["R-2"]
    assert [(r.record_id, r.reason) for r in answer.outcome.rejected] == [
        ("R-4", "400 mapper_parsing_exception: bad field")
    ]
    assert [item.record_id for item, _ in answer.retry] == ["R-3", "R-5"], "R-5 had no answer at all"
