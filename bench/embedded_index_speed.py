"""Measure bulk import rate and candidate retrieval latency of the embedded SQLite index.

Usage::

    .venv/bin/python bench/embedded_index_speed.py --persons 1000000 --queries 300 --db /tmp/cruce-speed.db

It generates seeded Mexican-style persons (two surnames drawn from a skewed
surname distribution, one or two given names), imports them with
``EmbeddedIndex.upsert``, then times ``person_candidates`` for queries built
from indexed names with ``query_blocking_keys``. Reported: persons per second
for the whole import and for name analysis alone, and p50/p95/max candidate
latency (warm, one query at a time).
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from engine.index.indexed_person import index_person
from engine.index.sqlite import EmbeddedIndex
from engine.names import parse_name, query_blocking_keys
from engine.records import PartialDate, Person, SharingRule, SharingScope

SURNAMES = (
    "Hernández García Martínez López González Rodríguez Pérez Sánchez Ramírez Cruz Flores Gómez Morales "
    "Vázquez Reyes Jiménez Torres Díaz Gutiérrez Ruiz Mendoza Aguilar Ortiz Moreno Castillo Romero Álvarez "
    "Méndez Chávez Rivera Juárez Ramos Domínguez Herrera Medina Castro Vargas Guzmán Velázquez Muñoz Rojas "
    "Contreras Salazar Luna Ortega Santiago Guerrero Estrada Bautista Cortés Soto Alvarado Espinoza Lara "
    "Ávila Ríos Cervantes Silva Delgado Vega Márquez Sandoval Fernández León Carrillo Mejía Solís Núñez "
    "Rosas Campos Santos Cabrera Valdez Navarro Camacho Maldonado Peña Rosales Acosta Trejo Fuentes Miranda "
    "Molina Zamora Escobar Salinas Pacheco Robles Cárdenas Ibarra Valencia Orozco Padilla Montes Meza "
    "Amezcua Villanueva Zúñiga Galván Benítez Arellano Bravo Tapia Figueroa Barrera Serrano Beltrán"
).split()
GIVEN_NAMES = (
    "José Juan Luis Carlos Jesús Miguel Francisco Antonio Alejandro Pedro Manuel Jorge Ricardo Roberto "
    "Fernando Javier Eduardo Daniel Raúl Sergio Arturo Rafael Mario Alberto Enrique Héctor Gerardo Víctor "
    "Ángel Óscar Martín Guadalupe María Rosa Ana Patricia Leticia Elizabeth Verónica Laura Gabriela "
    "Alejandra Adriana Margarita Silvia Claudia Martha Yolanda Teresa Araceli Norma Lucía Carmen Juana "
    "Josefina Alicia Beatriz Esperanza Ximena Itzel Citlali Xóchitl Cuauhtémoc Abigail Brenda Karla"
).split()


SYLLABLES = "ca co cu ta te to la le lo ma me mo na ne no ra re ri ro sa se so va ve za zu ba be bo ga go ya yo".split()
ENDINGS = "nez rez dez les ra na do no ta llo ño zar rro".split()
TAIL_SHARE = 0.4
"""Share of surnames drawn from a long tail of rare generated surnames, as in real registries."""


def tail_surnames(count: int, seed: int) -> list[str]:
    generator = random.Random(seed)
    names: set[str] = set()
    while len(names) < count:
        word = "".join(generator.choice(SYLLABLES) for _ in range(generator.randint(1, 2))) + generator.choice(ENDINGS)
        names.add(word.capitalize())
    return sorted(names)


def generate_persons(count: int, seed: int) -> Iterator[Person]:
    """Yield ``count`` seeded persons with namesakes: the commonest surname is carried by about 3% of them."""
    generator = random.Random(seed)
    tail = tail_surnames(3000, seed)
    surname_weights = [1 / (rank + 8) for rank in range(len(SURNAMES))]
    given_weights = [1 / (rank + 3) for rank in range(len(GIVEN_NAMES))]

    def surname() -> str:
        if generator.random() < TAIL_SHARE:
            return generator.choice(tail)
        return generator.choices(SURNAMES, surname_weights)[0]

    for number in range(count):
        given = generator.choices(GIVEN_NAMES, given_weights, k=2)
        given_names = " ".join(given) if generator.random() < 0.35 else given[0]
        paternal, maternal = surname(), surname()
        birth = PartialDate(generator.randint(1950, 2005), generator.randint(1, 12), generator.randint(1, 28))
        scope = SharingScope.ALL if generator.random() < 0.7 else SharingScope.NATIONAL
        yield Person(
            source="mx" if number % 10 else "intl",
            record_id=f"P{number:08d}",
            owner="MX",
            given_names=given_names,
            paternal_surname=paternal,
            maternal_surname=maternal,
            birth_dates=[birth],
            sex=generator.choice("MF"),
            sharing=SharingRule(scope),
        )


def measure_import(index: EmbeddedIndex, persons: int, seed: int) -> None:
    """Time only the upserts: persons are generated one batch ahead, outside the timed calls."""
    generated = generate_persons(persons, seed)
    accepted = 0
    elapsed = 0.0
    cpu = 0.0
    while batch := list(itertools.islice(generated, index.batch_size)):
        started = time.perf_counter()
        cpu_started = time.process_time()
        accepted += index.upsert(batch).accepted
        elapsed += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
    print(
        f"import: {accepted} persons in {elapsed:.1f} s = {accepted / elapsed:,.0f} persons/s; "
        f"CPU of this process {cpu / accepted * 1e6:.0f} µs per person (helper process not counted)"
    )

    sample = list(generate_persons(min(persons, 20_000), seed + 1))
    started = time.perf_counter()
    for person in sample:
        index_person(person)
    analysis_rate = len(sample) / (time.perf_counter() - started)
    print(f"name analysis alone: {analysis_rate:,.0f} persons/s (included in the import figure)")


def measure_candidates(index: EmbeddedIndex, queries: int, persons: int, seed: int, limit: int) -> None:
    generator = random.Random(seed + 2)
    sample = list(generate_persons(persons, seed))[:: max(1, persons // max(queries * 10, 1))]
    chosen = generator.sample(sample, min(queries, len(sample)))
    key_lists = [query_blocking_keys(parse_name(person.display_name())) for person in chosen]

    for keys in key_lists[:20]:
        index.person_candidates(keys, viewer_country="GT", limit=limit)

    timings: list[float] = []
    returned: list[int] = []
    for keys in key_lists:
        started = time.perf_counter()
        candidates = index.person_candidates(keys, viewer_country="GT", limit=limit)
        timings.append((time.perf_counter() - started) * 1000)
        returned.append(len(candidates))

    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"candidates (limit {limit}, viewer GT, {len(timings)} queries): p50 {statistics.median(timings):.2f} ms, "
        f"p95 {p95:.2f} ms, max {timings[-1]:.2f} ms, mean returned {statistics.mean(returned):.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000, help="persons to generate and import")
    parser.add_argument("--queries", type=int, default=200, help="candidate queries to time")
    parser.add_argument("--limit", type=int, default=300, help="candidates returned per query")
    parser.add_argument("--db", type=Path, default=Path("var/bench-index.db"), help="database file (replaced)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=5000, help="records per import transaction")
    parser.add_argument("--no-helper", action="store_true", help="analyse names in this process only")
    parser.add_argument("--skip-import", action="store_true", help="reuse an existing database file")
    arguments = parser.parse_args()

    if not arguments.skip_import:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{arguments.db}{suffix}").unlink(missing_ok=True)

    index = EmbeddedIndex(arguments.db, batch_size=arguments.batch_size, analysis_helper=not arguments.no_helper)
    if not arguments.skip_import:
        measure_import(index, arguments.persons, arguments.seed)
    measure_candidates(index, arguments.queries, arguments.persons, arguments.seed, arguments.limit)
    print(index.stats())
    index.close()


if __name__ == "__main__":
    main()
