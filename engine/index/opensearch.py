"""Backend kind "opensearch" for the sources file: see engine.index.search_engine."""

from engine.index.search_engine.registration import register

register("opensearch")
