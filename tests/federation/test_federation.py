"""Federated person search over real embedded indexes, with a failing and a slow source."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from engine.federation import Federation
from engine.index.base import PersonCandidate
from engine.index.sqlite import EmbeddedIndex
from engine.records import PartialDate, Person, RecordKind, SharingRule, SharingScope
from engine.scoring import Band, PersonQuery
from engine.sources import UnknownSource, parse_sources


def config(timeouts: dict[str, int]):
    return parse_sources(
        {"sources": {name: {"backend": "embedded", "owner": "INTL" if name != "mx" else "MX", "timeout_ms": timeout}
                     for name, timeout in timeouts.items()}},
        environ={},
    )


def person(source: str, record_id: str, owner: str, given: str, paternal: str, maternal: str | None,
           birth: str, scope: SharingScope = SharingScope.ALL) -> Person:
    return Person(source=source, record_id=record_id, owner=owner, given_names=given, paternal_surname=paternal,
                  maternal_surname=maternal, birth_dates=[PartialDate.parse(birth)], sharing=SharingRule(scope))


@pytest.fixture
def index(tmp_path: Path) -> EmbeddedIndex:
    opened = EmbeddedIndex(tmp_path / "federation.db")
    opened.upsert([
        person("intl", "SDN-1", "US", "José de Jesús", "Amezcua", "Contreras", "1964-07-31"),
        person("mx", "MX-1", "MX", "Jesús", "Amezcua", "Contreras", "1990-01-01"),
        person("mx", "MX-2", "MX", "Jesús", "Amezcua", "Contreras", "1971-03-02", SharingScope.NATIONAL),
        person("mx", "MX-3", "MX", "María", "López", "Pérez", "1980-01-01"),
    ])
    yield opened
    opened.close()


class BrokenBackend:
    """A source whose server fails on every search."""

    name = "broken"

    def person_candidates(self, keys: Sequence[str], **options) -> list[PersonCandidate]:
        raise ConnectionError("connection refused by 127.0.0.1:9")


class SlowBackend:
    """A real index behind a source that responds late; ``finished`` is set once the late response is ready."""

    name = "slow"

    def __init__(self, inner: EmbeddedIndex, delay: float) -> None:
        self.inner = inner
        self.delay = delay
        self.finished = threading.Event()

    def person_candidates(self, keys: Sequence[str], **options) -> list[PersonCandidate]:
        time.sleep(self.delay)
        candidates = self.inner.person_candidates(keys, **options)
        self.finished.set()
        return candidates

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


QUERY = PersonQuery(name="Jesús Amescua Contreras", birth_date=PartialDate.parse("1964-07-31"))


def test_hits_merged_and_ranked(index: EmbeddedIndex) -> None:
    federation = Federation(config({"mx": 1000, "intl": 1000}), {"mx": index, "intl": index})

    result = federation.search_persons(QUERY, viewer_country=None)

    assert result.complete
    assert result.searched == ["mx", "intl"]
    assert [(hit.source, hit.record.record_id, hit.owner) for hit in result.hits[:1]] == [("intl", "SDN-1", "US")]
    assert {hit.record.record_id for hit in result.hits} >= {"SDN-1", "MX-1", "MX-2"}
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)
    assert result.hits[0].match.band == Band.STRONG
    federation.close()


def test_sharing_applies_to_viewer(index: EmbeddedIndex) -> None:
    federation = Federation(config({"mx": 1000, "intl": 1000}), {"mx": index, "intl": index})

    seen_from_gt = {hit.record.record_id for hit in federation.search_persons(QUERY, viewer_country="GT").hits}
    seen_from_mx = {hit.record.record_id for hit in federation.search_persons(QUERY, viewer_country="MX").hits}

    assert "MX-2" not in seen_from_gt
    assert "MX-2" in seen_from_mx
    federation.close()


def test_sources_limit_and_band(index: EmbeddedIndex) -> None:
    federation = Federation(config({"mx": 1000, "intl": 1000}), {"mx": index, "intl": index})

    only_mx = federation.search_persons(QUERY, viewer_country=None, sources=["mx"])
    one = federation.search_persons(QUERY, viewer_country=None, limit=1)
    strong = federation.search_persons(QUERY, viewer_country=None, min_band=Band.STRONG)

    assert only_mx.searched == ["mx"]
    assert {hit.source for hit in only_mx.hits} == {"mx"}
    assert len(one.hits) == 1
    assert strong.hits
    assert all(hit.match.band == Band.STRONG for hit in strong.hits)
    federation.close()


def test_equal_scores_ordered_by_source_and_id(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path / "ties.db")
    twins = [person(source, record_id, "MX", "Ana", "Ruiz", "Soto", "1970-01-01")
             for source, record_id in (("mx", "B"), ("intl", "Z"), ("mx", "A"))]
    index.upsert(twins)
    federation = Federation(config({"mx": 1000, "intl": 1000}), {"mx": index, "intl": index})

    result = federation.search_persons(PersonQuery(name="Ana Ruiz Soto"), viewer_country=None)

    assert [(hit.source, hit.record.record_id) for hit in result.hits] == [("intl", "Z"), ("mx", "A"), ("mx", "B")]
    federation.close()
    index.close()


def test_failing_source_listed_missing(index: EmbeddedIndex) -> None:
    federation = Federation(config({"mx": 1000, "intl": 1000, "broken": 1000}),
                            {"mx": index, "intl": index, "broken": BrokenBackend()})

    result = federation.search_persons(QUERY, viewer_country=None)

    assert [(missing.source, missing.reason) for missing in result.missing] == [("broken", "error")]
    assert "ConnectionError" in result.missing[0].detail
    assert result.hits[0].record.record_id == "SDN-1"
    federation.close()


def test_slow_source_times_out(index: EmbeddedIndex) -> None:
    slow = SlowBackend(index, delay=1.0)
    federation = Federation(config({"mx": 2000, "intl": 1000, "slow": 50}), {"mx": index, "intl": index, "slow": slow})

    result = federation.search_persons(QUERY, viewer_country=None)

    assert not slow.finished.is_set()
    assert [(missing.source, missing.reason) for missing in result.missing] == [("slow", "timeout")]
    assert {hit.source for hit in result.hits} == {"mx", "intl"}
    federation.close()


def test_unknown_source_rejected(index: EmbeddedIndex) -> None:
    federation = Federation(config({"mx": 1000}), {"mx": index})

    with pytest.raises(UnknownSource) as raised:
        federation.search_persons(QUERY, viewer_country=None, sources=["mx", "gt"])

    assert raised.value.name == "gt"
    with pytest.raises(UnknownSource):
        federation.get_record(RecordKind.PERSON, "gt", "X", viewer_country=None)
    federation.close()


def test_get_record_statuses(index: EmbeddedIndex) -> None:
    federation = Federation(config({"mx": 1000, "intl": 1000}), {"mx": index, "intl": index})
    index.withdraw(RecordKind.PERSON, "mx", ["MX-3"])

    active = federation.get_record(RecordKind.PERSON, "mx", "MX-1", viewer_country="GT")
    withdrawn = federation.get_record(RecordKind.PERSON, "mx", "MX-3", viewer_country=None)
    hidden = federation.get_record(RecordKind.PERSON, "mx", "MX-2", viewer_country="GT")
    absent = federation.get_record(RecordKind.PERSON, "mx", "MX-404", viewer_country=None)

    assert active.status == "active"
    assert active.record.record_id == "MX-1"
    assert (withdrawn.status, withdrawn.record) == ("withdrawn", None)
    assert (hidden.status, hidden.record) == ("not_found", None)
    assert absent.status == "not_found"
    federation.close()
