"""Run the examples in the identifier module docstrings."""

import doctest
import importlib

import pytest

MODULES = [
    "engine.identifiers.check_digit",
    "engine.identifiers.curp",
    "engine.identifiers.icao_codes",
    "engine.identifiers.mrz",
    "engine.identifiers.mrz_compose",
    "engine.identifiers.mrz_fields",
    "engine.identifiers.plate",
    "engine.identifiers.travel_document",
    "engine.identifiers.vin",
]


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name):
    module = importlib.import_module(name)

    result = doctest.testmod(module)

    assert result.attempted > 0
    assert result.failed == 0
