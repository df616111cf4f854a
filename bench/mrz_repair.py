"""Measure MRZ OCR repair: how often an injected misreading is repaired, refused, or repaired wrongly.

A seeded generator writes valid MRZs in every format (TD1, TD2, TD3, MRV-A,
MRV-B) with Spanish and other names, document numbers in several national
shapes, TD1/TD2 long document numbers and filled or empty optional data.
Each MRZ then gets one (or two) OCR errors from the confusion table, at a
position chosen uniformly among the positions where such an error can occur:

* letter positions (names, codes): O→0, I→1, Z→2, A→4, S→5, G→6, B→8;
* digit positions (dates, check digits): 8→B, 0→C/D/O/Q, 6→G, 1→I, 5→S, 2→Z;
* document number and optional data: either direction of 0/O, 1/I, 2/Z, 5/S, 8/B, 6/G.

Outcomes: *repaired* (valid reading equal to the original), *wrong* (a repair
put a character that differs from the original: must be 0),
*refused* (the reading reports the failing field), *undetected* (no check
can see the change). A 6/G swap is undetected, and so is any change in MRV
optional data, which has no check digit. With two errors, a reading where
one error was repaired and the other is of that kind also counts as undetected.
*key intact* is the share of readings whose document number, repaired or not,
still gives the original's lookup key (``normalise_document_number``), which
is what the stolen-document check queries. Run:

    .venv/bin/python bench/mrz_repair.py --per-format 2000 --seed 7
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.identifiers.mrz import parse_mrz  # noqa: E402
from engine.identifiers.mrz_compose import compose_mrz  # noqa: E402
from engine.identifiers.mrz_layout import LAYOUTS, CharClass, MrzFormat, long_number_extension, with_long_document_number  # noqa: E402
from engine.identifiers.mrz_repair import MIXED_PARTNER  # noqa: E402
from engine.identifiers.travel_document import normalise_document_number  # noqa: E402

TODAY = date(2025, 6, 1)

SURNAMES = (
    "GARCIA", "HERNANDEZ", "LOPEZ", "MARTINEZ", "GONZALEZ", "RODRIGUEZ", "PEREZ", "SANCHEZ", "RAMIREZ",
    "FLORES", "GOMEZ", "DIAZ", "CRUZ", "MORALES", "REYES", "GUTIERREZ", "ORTIZ", "CHAVEZ", "RUIZ",
    "VAZQUEZ", "JIMENEZ", "DE LA TORRE", "DEL VALLE", "BERMUDEZ", "OSORIO", "IBARRA", "ZAMORA",
    "BRISENO", "ERIKSSON", "SCHMIDT", "OBRIEN", "NGUYEN", "MUNOZ", "QUINTERO", "BUSTAMANTE",
    "ECHEVERRIA GOICOECHEA", "SANTISTEBAN", "ALBOUZ", "OLIVARES", "ZUBIZARRETA",
)
GIVEN_NAMES = (
    "JOSE", "MARIA", "JUAN", "GUADALUPE", "FRANCISCO", "ANA", "LUIS", "ROSA", "JESUS", "SOFIA",
    "ISABEL", "SANTIAGO", "ZOE", "BEATRIZ", "OSCAR", "IGNACIO", "GABRIEL", "MARIA DE LOS ANGELES",
    "JOSE ANTONIO", "MARIA GUADALUPE", "ANNA MARIA", "OLGA", "BORIS", "IOANA",
)
COUNTRIES = ("MEX", "USA", "GTM", "HND", "SLV", "COL", "ESP", "D", "FRA", "UTO", "XXA", "CAN", "BRA", "GBR", "RKS")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
NUMBER_SHAPES = ("LNNNNNNNN", "NNNNNNNNN", "LLNNNNNNN", "LLLNNNNNN", "NNLLNNNNN", "XXXXXXXXX", "LNNNNNNNL")
# Misreadings of a true character, by position class.
LETTER_MISREAD = {"O": "0", "I": "1", "Z": "2", "A": "4", "S": "5", "G": "6", "B": "8"}
DIGIT_MISREAD = {"8": "B", "0": "CDOQ", "6": "G", "1": "I", "5": "S", "2": "Z"}


@dataclass(frozen=True, slots=True)
class Case:
    mrz_format: MrzFormat
    lines: tuple[str, ...]


def random_shape(rng: random.Random, shape: str) -> str:
    alphabet = {"L": LETTERS, "N": DIGITS, "X": LETTERS + DIGITS}
    return "".join(rng.choice(alphabet[symbol]) for symbol in shape)


def random_date(rng: random.Random, first_year: int, last_year: int) -> str:
    day = date.fromordinal(rng.randint(date(first_year, 1, 1).toordinal(), date(last_year, 12, 31).toordinal()))
    return day.strftime("%y%m%d")


def generate_case(rng: random.Random, mrz_format: MrzFormat) -> Case:
    """Return one valid MRZ of ``mrz_format`` with random but plausible values."""
    long_number = mrz_format in (MrzFormat.TD1, MrzFormat.TD2) and rng.random() < 0.15
    number = random_shape(rng, rng.choice(NUMBER_SHAPES))
    if long_number:
        number += random_shape(rng, "N" * rng.randint(1, 3))

    optional_data = ""
    optional_data_2 = ""
    if rng.random() < 0.5:
        width = {MrzFormat.TD3: 14, MrzFormat.TD2: 7, MrzFormat.MRV_A: 16, MrzFormat.MRV_B: 8, MrzFormat.TD1: 15}[mrz_format]
        if long_number:
            width -= len(number) - 9 + 2
        optional_data = random_shape(rng, rng.choice("NX") * rng.randint(1, max(1, width)))[: max(0, width)]
    if mrz_format is MrzFormat.TD1 and rng.random() < 0.3:
        optional_data_2 = random_shape(rng, "N" * rng.randint(1, 11))

    primary = rng.choice(SURNAMES)
    if rng.random() < 0.6:
        primary += " " + rng.choice(SURNAMES)
    lines = compose_mrz(
        mrz_format,
        document_code={MrzFormat.TD3: "P", MrzFormat.MRV_A: "V", MrzFormat.MRV_B: "V"}.get(mrz_format, rng.choice(("I", "ID", "AC"))),
        issuing_state=rng.choice(COUNTRIES),
        primary=primary,
        secondary=rng.choice(GIVEN_NAMES),
        document_number=number,
        nationality=rng.choice(COUNTRIES),
        birth_date=random_date(rng, 1940, 2020),
        sex=rng.choice("MFX<"),
        expiry_date=random_date(rng, 2015, 2040),
        optional_data=optional_data,
        optional_data_2=optional_data_2,
    )
    return Case(mrz_format, lines)


def misreadings(case: Case) -> list[tuple[int, int, str, str]]:
    """List every (line, column, true character, misread character) the confusion table allows."""
    layout = LAYOUTS[case.mrz_format]
    extension = long_number_extension(layout, list(case.lines))
    if extension:
        layout = with_long_document_number(layout, extension)

    options: list[tuple[int, int, str, str]] = []
    for spec in layout.fields:
        for column in range(spec.start, spec.end):
            character = case.lines[spec.line][column]
            if spec.char_class is CharClass.ALPHA:
                misread = LETTER_MISREAD.get(character, "")
            elif spec.char_class is CharClass.NUMERIC:
                misread = DIGIT_MISREAD.get(character, "")
            elif spec.char_class is CharClass.MIXED:
                misread = MIXED_PARTNER.get(character, "")
            else:
                misread = ""
            options.extend((spec.line, column, spec.name, wrong) for wrong in misread)
    return options


def inject(lines: tuple[str, ...], errors: list[tuple[int, int, str, str]]) -> tuple[str, ...]:
    grid = [list(line) for line in lines]
    for line, column, _field, wrong in errors:
        grid[line][column] = wrong
    return tuple("".join(row) for row in grid)


def classify(case: Case, misread: tuple[str, ...]) -> tuple[str, bool]:
    """Return the outcome and whether the document lookup key still matches the original number."""
    reading = parse_mrz("\n".join(misread), today=TODAY)
    original = parse_mrz("\n".join(case.lines), today=TODAY)
    key_intact = normalise_document_number(reading.document_number) == normalise_document_number(original.document_number)

    if not reading.valid:
        return "refused", key_intact
    for repair in reading.repairs:
        if case.lines[repair.line - 1][repair.column - 1] != repair.replacement:
            return "wrong", key_intact
    return ("repaired" if reading.lines == case.lines else "undetected"), key_intact


def run(per_format: int, seed: int, error_count: int) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]], float]:
    rng = random.Random(seed)
    by_format: dict[str, Counter[str]] = defaultdict(Counter)
    by_field: dict[str, Counter[str]] = defaultdict(Counter)
    started = time.perf_counter()

    for mrz_format in MrzFormat:
        for _ in range(per_format):
            case = generate_case(rng, mrz_format)
            if not parse_mrz("\n".join(case.lines), today=TODAY).valid:
                raise AssertionError(f"generator wrote an invalid MRZ: {case.lines}")

            options = misreadings(case)
            positions = sorted({(line, column) for line, column, _field, _wrong in options})
            chosen_positions = rng.sample(positions, error_count)
            errors = [rng.choice([option for option in options if option[:2] == position]) for position in chosen_positions]

            outcome, key_intact = classify(case, inject(case.lines, errors))
            field_key = " + ".join(sorted(error[2] for error in errors))
            for counts in (by_format[str(mrz_format)], by_field[field_key]):
                counts[outcome] += 1
                counts["key intact"] += key_intact

    elapsed = time.perf_counter() - started
    return by_format, by_field, elapsed


OUTCOMES = ("repaired", "refused", "wrong", "undetected")
COLUMNS = OUTCOMES + ("key intact",)


def table(rows: dict[str, Counter[str]], label: str) -> str:
    lines = [f"| {label} | cases | " + " | ".join(COLUMNS) + " |", "|---|---:|" + "---:|" * len(COLUMNS)]
    total: Counter[str] = Counter()
    for key in sorted(rows):
        counts = rows[key]
        total.update(counts)
        lines.append(_row(key, counts))
    lines.append(_row("**all**", total))
    return "\n".join(lines)


def _row(key: str, counts: Counter[str]) -> str:
    cases = sum(counts[outcome] for outcome in OUTCOMES)
    cells = [f"{100 * counts[column] / cases:.1f}%" for column in COLUMNS]
    return f"| {key} | {cases} | " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-format", type=int, default=2000, help="MRZs generated per format (default 2000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--by-field", action="store_true", help="also print the single-error table by field")
    arguments = parser.parse_args()

    for error_count in (1, 2):
        by_format, by_field, elapsed = run(arguments.per_format, arguments.seed, error_count)
        cases = sum(counts[outcome] for counts in by_format.values() for outcome in OUTCOMES)
        print(f"\n### {error_count} OCR error{'s' if error_count > 1 else ''} per MRZ "
              f"(seed {arguments.seed}, {cases} MRZs, {1000 * elapsed / cases:.2f} ms per case, two parses each)\n")
        print(table(by_format, "format"))
        if arguments.by_field and error_count == 1:
            print()
            print(table(by_field, "field with the error"))


if __name__ == "__main__":
    main()
