"""Loading and checking the sources file."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.index.sqlite import EmbeddedIndex
from engine.sources import (
    DEFAULT_CONFIG,
    ConfigError,
    UnknownSource,
    close_backends,
    load_sources,
    open_backends,
    resolve_config_path,
)

VALID = """
[embedded]
path = "data/index.db"

[sources.mx]
backend = "embedded"
owner = "MX"
label_es = "Nacional"
label_en = "National"
timeout_ms = 250

[sources.intl]
backend = "embedded"
owner = "INTL"

[sources.es]
backend = "opensearch"
owner = "US"
url = "http://127.0.0.1:9200"
index_prefix = "cruce-us"
"""


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as raised:
        load_sources(write_config(tmp_path, text), environ={})
    return raised.value.problem


def test_default_file_has_mx_and_intl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    config = load_sources(environ={})

    assert config.config_path == DEFAULT_CONFIG
    assert config.names() == ["mx", "intl"]
    assert config.source("mx").owner == "MX"
    assert config.source("intl").owner == "INTL"
    assert all(source.backend == "embedded" for source in config.sources.values())
    assert config.database_path == tmp_path / "var" / "cruce.db"


def test_file_values_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    config = load_sources(write_config(tmp_path, VALID), environ={})

    mx = config.source("mx")
    assert (mx.timeout_ms, mx.label("es"), mx.label("en")) == (250, "Nacional", "National")
    assert config.source("intl").label_es == "intl"
    assert config.source("es").url == "http://127.0.0.1:9200"
    assert config.source("es").index_prefix == "cruce-us"
    assert config.database_path == tmp_path / "data" / "index.db"


def test_config_path_precedence(tmp_path: Path) -> None:
    assert resolve_config_path("a.toml", {"CRUCE_SOURCES": "b.toml"}) == Path("a.toml")
    assert resolve_config_path(None, {"CRUCE_SOURCES": "b.toml"}) == Path("b.toml")
    assert resolve_config_path(None, {}) == DEFAULT_CONFIG


def test_environment_overrides_database(tmp_path: Path) -> None:
    path = write_config(tmp_path, VALID)

    config = load_sources(None, environ={"CRUCE_SOURCES": str(path), "CRUCE_DB": str(tmp_path / "other.db")})

    assert config.config_path == path
    assert config.database_path == tmp_path / "other.db"


def test_unknown_source_named(tmp_path: Path) -> None:
    config = load_sources(write_config(tmp_path, VALID), environ={})

    with pytest.raises(UnknownSource) as raised:
        config.select(["mx", "gt"])

    assert raised.value.name == "gt"
    assert "mx, intl, es" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[sources.mx]\nbackend = "solr"\nowner = "MX"', "backend 'solr' is unknown"),
        ('[sources.mx]\nbackend = "embedded"', "has no owner"),
        ('[sources.mx]\nowner = "Mexico"', "owner 'MEXICO' is invalid"),
        ('[sources.mx]\nowner = "MX"\ntimout_ms = 5', "unknown key 'timout_ms'"),
        ('[sources.mx]\nowner = "MX"\ntimeout_ms = 0', "timeout_ms 0 is invalid"),
        ('[sources.mx]\nowner = "MX"\ntimeout_ms = "fast"', "timeout_ms 'fast' is invalid"),
        ('[sources.mx]\nowner = "MX"\nbackend = "elasticsearch"', "has no url"),
        ('[sources.MX]\nowner = "MX"', "source name 'MX' is invalid"),
        ('[embedded]\npath = "x.db"', "defines no sources"),
        ('[embedded]\nfile = "x.db"\n[sources.mx]\nowner = "MX"', "unknown key 'file'"),
        ("[sources.mx\nowner = 1", "is not valid TOML"),
    ],
)
def test_invalid_config_explained(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in error_for(tmp_path, text)


def test_missing_file_explained(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_sources(tmp_path / "absent.toml", environ={})

    assert "not found" in raised.value.problem
    assert raised.value.key == "config.invalid"


def test_embedded_sources_share_one_index(tmp_path: Path) -> None:
    config = load_sources(write_config(tmp_path, VALID), environ={"CRUCE_DB": str(tmp_path / "shared.db")})

    backends = open_backends(config, ["mx", "intl"])

    assert isinstance(backends["mx"], EmbeddedIndex)
    assert backends["mx"] is backends["intl"]
    assert backends["mx"].path == tmp_path / "shared.db"
    close_backends(backends)
