"""Seeded demo lists of stolen, lost and revoked travel documents and stolen vehicles.

:func:`demo_records` returns everything ``cruce demo`` loads besides the
persons: a few known records that the README examples use, then generated
ones. The known records are:

- the Mexican passport of a generated national person (see
  :func:`demo_holder`), listed as stolen in the national source ``mx``, so a
  scan of :func:`demo_passport_mrz` returns the stolen verdict and the
  holder's warrant;
- passport KO3479734 of Raúl Gómez Bermúdez, listed as stolen by Mexico in
  the international source, with his national record, for the misread
  example (a reader that gives ``K03479734``);
- a stolen car by VIN (``3VWFE21C04M000001``, made in Mexico) and one by
  plate (``ABC-123-D``, Mexico).

The same ``count`` and ``seed`` always give the same records.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import Any

from engine.demo.national import BATCH_SIZE, generate_persons
from engine.identifiers import vin as vin_numbers
from engine.identifiers.mrz_compose import compose_mrz
from engine.identifiers.mrz_layout import MrzFormat
from engine.records import Identifier, IdentifierKind, Notice, PartialDate, Person, Record, SharingRule, SharingScope, TravelDocument, Vehicle

NATIONAL_SOURCE = "mx"
INTERNATIONAL_SOURCE = "intl"
DEMO_PERSONS_SEED = 7
# The person generator draws in batches, so the first batch is the same for every demo of at least
# BATCH_SIZE persons (``cruce demo`` loads 20,000): the holder is chosen among its first persons.
HOLDER_SEARCH_WINDOW = 200

HOLDER_PASSPORT_NUMBER = "G47120385"
HOLDER_PASSPORT_EXPIRY = date(2031, 5, 14)

MISREAD_EXAMPLE_NUMBER = "KO3479734"
KNOWN_VIN = "3VWFE21C04M000001"
KNOWN_PLATE = "ABC-123-D"

# Issuing countries of generated documents, weighted roughly like a regional list.
DOCUMENT_COUNTRIES = (("MX", 40), ("GT", 12), ("SV", 8), ("HN", 8), ("CO", 10), ("US", 8), ("ES", 5), ("VE", 5), ("EC", 4))
DOCUMENT_REASONS = (("stolen", 50), ("lost", 45), ("revoked", 5))
DOCUMENT_TYPES = (("P", 80), ("I", 15), ("V", 5))
VEHICLE_COUNTRIES = (("MX", 70), ("US", 15), ("GT", 10), ("CO", 5))
VEHICLE_MAKES = (
    ("Nissan", ("Versa", "Sentra", "NP300", "March")), ("Volkswagen", ("Jetta", "Vento", "Gol")),
    ("Chevrolet", ("Aveo", "Spark", "Silverado")), ("Toyota", ("Hilux", "Corolla", "Yaris")),
    ("Ford", ("Lobo", "Ranger", "Figo")), ("Honda", ("Civic", "CR-V")), ("Kia", ("Rio", "Sportage")),
)
COLORS = ("blanco", "gris", "negro", "rojo", "plata", "azul")
# First three VIN characters (WMI) by market; 1-5 carry the North American check digit.
WMIS = ("3N1", "3VW", "3G1", "1FT", "2HG", "JTD", "WVW", "KNA")
VIN_CHARACTERS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
MODEL_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"
PLATE_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def mrz_text(value: str) -> str:
    """Transliterate a name for an MRZ: accents dropped, Ü as UE, Ñ as N, punctuation dropped, upper case."""
    upper = value.upper().replace("Ü", "UE")
    decomposed = unicodedata.normalize("NFKD", upper)
    letters = "".join(character for character in decomposed if not unicodedata.combining(character))
    kept = "".join(character if character.isalpha() or character == " " else " " for character in letters.replace("'", ""))
    return " ".join(kept.split())


def demo_holder(seed: int = DEMO_PERSONS_SEED) -> Person:
    """Return the generated national person whose passport the demo lists as stolen.

    The first person among the first 200 that every country may see, with one
    exact birth date, a CURP, one given name and no alias. A demo of fewer
    than ``BATCH_SIZE`` persons draws other persons and does not hold this one.
    """
    for index, person in enumerate(generate_persons(BATCH_SIZE, seed)):
        if index == HOLDER_SEARCH_WINDOW:
            break
        dates = person.birth_dates
        if (
            person.sharing.scope is SharingScope.ALL
            and len(dates) == 1 and dates[0].day is not None
            and person.identifiers and not person.aliases
            and person.given_names and len(person.given_names.split()) == 1
        ):
            return person
    raise LookupError(f"no demo holder among the first {HOLDER_SEARCH_WINDOW} persons of seed {seed}")


def passport_mrz(person: Person, number: str, expiry: date) -> str:
    """Compose the TD3 MRZ of a Mexican passport for ``person``: both surnames first, then the given names."""
    birth = person.birth_dates[0]
    surnames = " ".join(part for part in (person.paternal_surname, person.maternal_surname) if part)
    lines = compose_mrz(
        MrzFormat.TD3,
        document_code="P",
        issuing_state="MEX",
        primary=mrz_text(surnames),
        secondary=mrz_text(person.given_names or ""),
        document_number=number,
        nationality="MEX",
        birth_date=f"{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}",
        sex=person.sex or "<",
        expiry_date=expiry.strftime("%y%m%d"),
    )
    return "\n".join(lines)


def demo_passport_mrz(seed: int = DEMO_PERSONS_SEED) -> str:
    """Return the MRZ of the demo holder's stolen passport, the one the README scans."""
    return passport_mrz(demo_holder(seed), HOLDER_PASSPORT_NUMBER, HOLDER_PASSPORT_EXPIRY)


def known_records(seed: int = DEMO_PERSONS_SEED) -> list[Record]:
    """Return the records the README examples rely on (see the module docstring)."""
    holder = demo_holder(seed)
    misread_holder = Person(
        source=NATIONAL_SOURCE, record_id="MX-DEMO-GOMEZ", owner="MX",
        given_names="Raúl", paternal_surname="Gómez", maternal_surname="Bermúdez",
        sex="M", birth_dates=[PartialDate(1985, 3, 1)], nationalities=["MX"],
        identifiers=[Identifier(IdentifierKind.PASSPORT, MISREAD_EXAMPLE_NUMBER, "MX", None)],
        notice=Notice(kind="warrant", reference="CP 77/2023", issuer="Fiscalía General de la República", charges=("tráfico de personas",)),
    )
    return [
        misread_holder,
        TravelDocument(
            source=NATIONAL_SOURCE, record_id="MX-DOC-DEMO-1", owner="MX", number=HOLDER_PASSPORT_NUMBER,
            issuing_country="MX", document_type="P", reason="stolen", holder_name=holder.display_name(),
            holder_birth_date=holder.birth_dates[0],
        ),
        TravelDocument(
            source=INTERNATIONAL_SOURCE, record_id="SLTD-MX-DEMO-2", owner="MX", number=MISREAD_EXAMPLE_NUMBER,
            issuing_country="MX", document_type="P", reason="stolen", holder_name="Raúl Gómez Bermúdez",
            holder_birth_date=PartialDate(1985, 3, 1),
        ),
        Vehicle(
            source=NATIONAL_SOURCE, record_id="MX-VEH-DEMO-1", owner="MX", vin=KNOWN_VIN, plate="MNP-4521",
            plate_country="MX", make="Volkswagen", model="Jetta", year=2004, color="gris",
        ),
        Vehicle(
            source=INTERNATIONAL_SOURCE, record_id="SMV-MX-DEMO-2", owner="MX", plate=KNOWN_PLATE,
            plate_country="MX", make="Nissan", model="Versa", year=2019, color="blanco",
        ),
    ]


def generate_documents(count: int, seed: int) -> Iterator[TravelDocument]:
    """Yield ``count`` listed travel documents: Mexico's in the national source, the rest international."""
    rng = random.Random(seed)
    countries = _weighted(DOCUMENT_COUNTRIES)
    reasons = _weighted(DOCUMENT_REASONS)
    types = _weighted(DOCUMENT_TYPES)
    for index in range(count):
        country = rng.choices(countries[0], cum_weights=countries[1])[0]
        national = country == "MX" and rng.random() < 0.5
        yield TravelDocument(
            source=NATIONAL_SOURCE if national else INTERNATIONAL_SOURCE,
            record_id=f"{'MX-DOC' if national else 'SLTD'}-{index + 1:09d}",
            owner=country,
            number=document_number(rng, country),
            issuing_country=country,
            document_type=rng.choices(types[0], cum_weights=types[1])[0],
            reason=rng.choices(reasons[0], cum_weights=reasons[1])[0],
            sharing=SharingRule(SharingScope.ALL),
        )


def document_number(rng: random.Random, country: str) -> str:
    """Draw a document number shaped like the country's: a letter and eight digits for Mexico, nine digits for the US."""
    digits = f"{int(rng.random() * 100_000_000):08d}"
    if country == "US":
        return f"{int(rng.random() * 10):d}{digits}"
    letters = PLATE_LETTERS[int(rng.random() * len(PLATE_LETTERS))]
    if country == "ES":
        letters += PLATE_LETTERS[int(rng.random() * len(PLATE_LETTERS))]
        return letters + digits[:6] + PLATE_LETTERS[int(rng.random() * len(PLATE_LETTERS))]
    return letters + digits


def generate_vehicles(count: int, seed: int) -> Iterator[Vehicle]:
    """Yield ``count`` stolen vehicles with valid VINs; most also have a plate of their country."""
    rng = random.Random(seed)
    countries = _weighted(VEHICLE_COUNTRIES)
    for index in range(count):
        country = rng.choices(countries[0], cum_weights=countries[1])[0]
        make, models = VEHICLE_MAKES[int(rng.random() * len(VEHICLE_MAKES))]
        year = 2005 + int(rng.random() * 19)
        national = country == "MX" and rng.random() < 0.6
        yield Vehicle(
            source=NATIONAL_SOURCE if national else INTERNATIONAL_SOURCE,
            record_id=f"{'MX-VEH' if national else 'SMV'}-{index + 1:09d}",
            owner=country,
            vin=make_vin(rng),
            plate=make_plate(rng) if rng.random() < 0.85 else None,
            plate_country=country,
            make=make,
            model=models[int(rng.random() * len(models))],
            year=year,
            color=COLORS[int(rng.random() * len(COLORS))],
        )


def make_vin(rng: random.Random) -> str:
    """Draw a VIN; a North American one gets its check digit at position 9."""
    body = [rng.choice(VIN_CHARACTERS) for _ in range(17)]
    body[:3] = rng.choice(WMIS)
    body[9] = rng.choice(MODEL_YEAR_CODES)
    for position in range(11, 17):
        body[position] = str(int(rng.random() * 10))
    vin = "".join(body)
    if vin_numbers.check_digit_applies(vin):
        vin = vin[:8] + vin_numbers.calc_check_digit(vin) + vin[9:]
    return vin


def make_plate(rng: random.Random) -> str:
    """Draw a plate in the common Mexican shape: three letters, three digits, one letter."""
    letters = "".join(rng.choice(PLATE_LETTERS) for _ in range(3))
    return f"{letters}-{int(rng.random() * 1000):03d}-{rng.choice(PLATE_LETTERS)}"


def demo_records(documents: int, vehicles: int, seed: int = DEMO_PERSONS_SEED) -> Iterator[Record]:
    """Yield the known records, then ``documents`` generated documents and ``vehicles`` generated vehicles."""
    yield from known_records(seed)
    yield from generate_documents(documents, seed)
    yield from generate_vehicles(vehicles, seed)


def _weighted(pairs: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    values = [value for value, _ in pairs]
    cumulative: list[int] = []
    total = 0
    for _, weight in pairs:
        total += weight
        cumulative.append(total)
    return values, cumulative


DEMO_DOCUMENTS = 2000
DEMO_VEHICLES = 1000


def load_demo_documents(runtime: Any, documents: int = DEMO_DOCUMENTS, vehicles: int = DEMO_VEHICLES, seed: int = DEMO_PERSONS_SEED) -> int:
    """Store the demo documents and vehicles (and the known person) in their sources' backends; return the count."""
    by_source: dict[str, list[Record]] = {}
    for record in demo_records(documents, vehicles, seed):
        by_source.setdefault(record.source, []).append(record)

    stored = 0
    for source, records in by_source.items():
        stored += runtime.backend_for(source).upsert(records).accepted
    return stored
