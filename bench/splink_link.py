"""Splink's side of the bulk benchmark: ``python -m bench.splink_link RECORDS.csv QUERIES.csv PREDICTIONS.csv``.

Runs in its own process so the benchmark can measure its peak memory. The
model follows Splink 4's guidance for person records: blocking on surname with
birth year and on given name with surname, Jaro-Winkler name comparisons, a date
of birth comparison, the prior from a deterministic rule, u from random sampling
and m from expectation maximisation on two blocking rules.
"""

from __future__ import annotations

import sys

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def link(records_path: str, queries_path: str, predictions_path: str) -> None:
    records = _load(records_path)
    queries = _load(queries_path)

    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("paternal_surname", "birth_year"),
            block_on("given_name", "paternal_surname"),
            block_on("maternal_surname", "birth_year"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("paternal_surname"),
            cl.NameComparison("maternal_surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("sex"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker([records, queries], settings, db_api=DuckDBAPI(), input_table_aliases=["records", "queries"])
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "paternal_surname", "maternal_surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("paternal_surname", "birth_year"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "dob"))

    predictions = linker.inference.predict(threshold_match_probability=0.2).as_pandas_dataframe()
    left_is_record = predictions["source_dataset_l"] == "records"
    frame = pd.DataFrame(
        {
            "query": predictions["unique_id_r"].where(left_is_record, predictions["unique_id_l"]),
            "record": predictions["unique_id_l"].where(left_is_record, predictions["unique_id_r"]),
            "match_probability": predictions["match_probability"],
        }
    )
    frame.to_csv(predictions_path, index=False)


def _load(path: str) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.replace({"": None})


if __name__ == "__main__":
    link(*sys.argv[1:4])
