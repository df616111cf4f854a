"""`cruce reindex --source NAME [--rollback]` against a real engine: new index version, atomic alias swap, rollback."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import Result
from engine_records import person
from typer.testing import CliRunner

from engine import audit
from engine.cli import app
from engine.index.search_engine import SearchEngineBackend
from engine.index.search_engine.layout import current_index, versions
from engine.names import parse_name, query_blocking_keys
from engine.records import RecordKind
from engine.sources import load_sources

GIVEN = ["Rosa", "Tomás", "Úrsula", "Valentín", "Ximena"]
SURNAMES = ["Reyes", "Salazar", "Treviño", "Urbina", "Vega", "Zavala"]


def _sources_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(f'[embedded]\npath = "{tmp_path / "cruce.db"}"\n\n{body}', encoding="utf-8")
    return path


def _engine_sources(tmp_path: Path, engine: str, url: str, prefix: str) -> Path:
    return _sources_file(
        tmp_path,
        f'[sources.mx]\nbackend = "{engine}"\nurl = "{url}"\nindex_prefix = "{prefix}"\nowner = "MX"\n'
        'label_es = "Nacional"\nlabel_en = "National"\n\n'
        f'[sources.gt]\nbackend = "{engine}"\nurl = "{url}"\nindex_prefix = "{prefix}"\nowner = "GT"\n'
        'label_es = "Guatemala"\nlabel_en = "Guatemala"\n',
    )


def _cruce(config: Path, *arguments: str, language: str = "en") -> Result:
    return CliRunner().invoke(app, ["--config", str(config), "--lang", language, "reindex", *arguments])


def _text(result: Result) -> str:
    return " ".join(result.output.split())


@pytest.mark.engine
def test_reindex_and_rollback_move_alias(
    backend: SearchEngineBackend, engine_url: tuple[str, str], index_prefix: str, tmp_path: Path
) -> None:
    engine, url = engine_url
    records = [person(f"R-{n}", GIVEN[n % 5], SURNAMES[n % 6], SURNAMES[(n + 1) % 6]) for n in range(60)]
    assert backend.upsert(records).accepted == 60
    config = _engine_sources(tmp_path, engine, url, index_prefix)
    layout, client = backend.layout, backend.client
    keys = query_blocking_keys(parse_name("Rosa Reyes Salazar"))

    # Searches run while the index is copied and the alias moves; none may come back empty.
    answers: list[int] = []
    stop = threading.Event()

    def search() -> None:
        while not stop.is_set():
            answers.append(len(backend.person_candidates(keys)))

    searcher = threading.Thread(target=search, daemon=True)
    searcher.start()
    try:
        result = _cruce(config, "--source", "mx")
    finally:
        stop.set()
        searcher.join(30)

    assert result.exit_code == 0, result.output
    persons_v1, persons_v2 = layout.versioned(RecordKind.PERSON, 1), layout.versioned(RecordKind.PERSON, 2)
    assert f"{layout.alias(RecordKind.PERSON)}: now points to {persons_v2} (was {persons_v1}); 60 records copied" in _text(result)
    assert "Sources mx, gt share these indices" in _text(result)
    for kind in RecordKind:
        assert current_index(client, layout, kind) == layout.versioned(kind, 2)
    assert answers and min(answers) > 0, answers
    assert backend.count(RecordKind.PERSON) == 60
    assert "R-0" in {c.person.record_id for c in backend.person_candidates(keys)}

    rolled_back = _cruce(config, "--source", "mx", "--rollback", "--kind", "person")
    assert rolled_back.exit_code == 0, rolled_back.output
    assert f"back to {persons_v1} (was {persons_v2})" in _text(rolled_back)
    assert current_index(client, layout, RecordKind.PERSON) == persons_v1
    assert current_index(client, layout, RecordKind.VEHICLE) == layout.versioned(RecordKind.VEHICLE, 2)
    assert versions(client, layout, RecordKind.PERSON) == [1, 2], "a rollback keeps the newer index"
    assert backend.count(RecordKind.PERSON) == 60

    nothing_older = _cruce(config, "--source", "mx", "--rollback")
    assert nothing_older.exit_code == 2
    assert f"{persons_v1}, which has no older version to roll back to. Nothing changed." in _text(nothing_older)
    assert current_index(client, layout, RecordKind.VEHICLE) == layout.versioned(RecordKind.VEHICLE, 2), "no alias moved"

    again = _cruce(config, "--source", "gt", "--kind", "person", language="es")
    assert again.exit_code == 0, again.output
    assert f"ahora apunta a {layout.versioned(RecordKind.PERSON, 3)} (antes {persons_v1})" in _text(again)
    assert backend.count(RecordKind.PERSON) == 60

    logged = [(entry["action"], entry["outcome"]) for entry in audit.audit_log_for(load_sources(config)).entries()]
    assert logged == [
        ("index.reindex", "success"),
        ("index.rollback", "success"),
        ("index.rollback", "failure"),
        ("index.reindex", "success"),
    ]


def test_reindex_refuses_an_embedded_source(tmp_path: Path) -> None:
    config = _sources_file(
        tmp_path, '[sources.mx]\nbackend = "embedded"\nowner = "MX"\nlabel_es = "Nacional"\nlabel_en = "National"\n'
    )

    spanish = _cruce(config, "--source", "mx", language="es")
    english = _cruce(config, "--source", "mx", "--rollback")

    assert spanish.exit_code == english.exit_code == 2
    assert "La fuente mx usa el índice embebido" in _text(spanish)
    assert "elasticsearch u opensearch" in _text(spanish)
    assert "Source mx uses the embedded index: reindex applies only to elasticsearch or opensearch sources." in _text(english)


def test_reindex_names_the_bad_option(tmp_path: Path) -> None:
    config = _engine_sources(tmp_path, "opensearch", "http://127.0.0.1:9", "cruce-unused")

    unknown_source = _cruce(config, "--source", "zz")
    bad_kind = _cruce(config, "--source", "mx", "--kind", "boat")
    no_engine = _cruce(config, "--source", "mx")

    assert unknown_source.exit_code == bad_kind.exit_code == no_engine.exit_code == 2
    assert "Unknown source: 'zz'. Configured sources: mx, gt." in _text(unknown_source)
    assert "Invalid record kind: 'boat'" in _text(bad_kind)
    assert "The search engine http://127.0.0.1:9 of source mx failed: no answer from OpenSearch" in _text(no_engine)
