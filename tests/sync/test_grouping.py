"""A synced copy and its national original appear once in federated results, with both provenances."""

from __future__ import annotations

from engine.ingest import store_records
from engine.records import Origin, SharingScope
from engine.search import search_persons
from engine.sync.replay import Replicator
from sync_world import wanted


def synced(runtime) -> None:
    store_records(runtime, "mx", [
        wanted("P1", given="Rigoberto", surname="Zamudio"),
        wanted("P2", given="Rigoberto", surname="Zamudio", scope=SharingScope.COUNTRIES, countries=("GT",)),
    ])
    replicator = Replicator(runtime)
    replicator.run_pass()
    replicator.close()


def test_copy_and_original_are_one_hit_with_both_provenances(runtime) -> None:
    synced(runtime)

    answer = search_persons(runtime, name="Rigoberto Zamudio Cruz", limit=10)

    assert sorted((hit["source"], hit["record_id"]) for hit in answer["hits"]) == [("mx", "P1"), ("mx", "P2")]
    by_id = {hit["record_id"]: hit for hit in answer["hits"]}
    assert by_id["P1"]["also_in"] == [{"source": "intl", "record_id": "MX:mx:P1"}]
    assert by_id["P2"]["also_in"] == [{"source": "intl", "record_id": "MX:mx:P2"}]


def test_copy_alone_is_shown_when_the_national_source_is_not_searched(runtime) -> None:
    synced(runtime)

    answer = search_persons(runtime, name="Rigoberto Zamudio Cruz", sources=["intl"], viewer_country="US")

    assert [(hit["source"], hit["record_id"]) for hit in answer["hits"]] == [("intl", "MX:mx:P1")]
    assert "also_in" not in answer["hits"][0]
    assert answer["hits"][0]["record"]["origin"] == {"source": "mx", "record_id": "P1"}


def test_foreign_viewer_sees_the_grouped_hit_only_where_the_rule_allows(runtime) -> None:
    synced(runtime)

    seen_by_gt = search_persons(runtime, name="Rigoberto Zamudio Cruz", viewer_country="GT")
    seen_by_us = search_persons(runtime, name="Rigoberto Zamudio Cruz", viewer_country="US")

    assert sorted(hit["record_id"] for hit in seen_by_gt["hits"]) == ["P1", "P2"]
    assert [hit["record_id"] for hit in seen_by_us["hits"]] == ["P1"]


def test_a_record_that_only_claims_an_origin_is_not_hidden(runtime) -> None:
    store_records(runtime, "mx", [wanted("P1", given="Rigoberto", surname="Zamudio")])
    impostor = wanted("OTHER-1", given="Rigoberto", surname="Zamudio")
    impostor.source, impostor.origin = "intl", Origin("mx", "P1")
    store_records(runtime, "intl", [impostor])

    answer = search_persons(runtime, name="Rigoberto Zamudio Cruz")

    assert sorted((hit["source"], hit["record_id"]) for hit in answer["hits"]) == [("intl", "OTHER-1"), ("mx", "P1")]
