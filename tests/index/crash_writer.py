"""A writer process for the crash test: imports numbered persons and prints each committed batch.

Usage: python crash_writer.py DATABASE BATCH_SIZE BATCHES
Prints ``committed N`` after each batch commits, N being the records processed so far.
"""

from __future__ import annotations

import sys

from engine.index.sqlite import EmbeddedIndex
from engine.records import PartialDate, Person

GIVEN = ["José", "María Guadalupe", "Juan Carlos", "Ana", "Jesús", "Luis"]
SURNAMES = ["Hernández", "García", "Amezcua", "Contreras", "López", "de la Cruz", "Núñez"]


def numbered_person(number: int) -> Person:
    return Person(
        source="mx",
        record_id=f"P{number:06d}",
        owner="MX",
        given_names=GIVEN[number % len(GIVEN)],
        paternal_surname=SURNAMES[number % len(SURNAMES)],
        maternal_surname=SURNAMES[(number // 7) % len(SURNAMES)],
        birth_dates=[PartialDate(1950 + number % 50, 1 + number % 12, 1 + number % 28)],
    )


def main() -> None:
    path, batch_size, batches = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    index = EmbeddedIndex(path, batch_size=batch_size)
    processed = 0

    def report(batch) -> None:
        nonlocal processed
        processed += batch.accepted + batch.stale
        print(f"committed {processed}", flush=True)

    index.upsert((numbered_person(number) for number in range(batch_size * batches)), on_batch=report)
    print("done", flush=True)


if __name__ == "__main__":
    main()
