"""Record model: persons, travel documents and vehicles, their sources and sharing rules.

Every record belongs to one source, has an id scoped by that source, an owner
country, a status, a version and a sharing rule. Values that fail validation
are kept as received and listed in ``flags``; importers never drop them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class RecordKind(StrEnum):
    PERSON = "person"
    TRAVEL_DOCUMENT = "travel_document"
    VEHICLE = "vehicle"


class Status(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class SharingScope(StrEnum):
    NATIONAL = "national"
    COUNTRIES = "countries"
    ALL = "all"


@dataclass(slots=True)
class SharingRule:
    """Who may see a record: the owner only, the owner plus named countries, or every member country."""

    scope: SharingScope = SharingScope.ALL
    countries: tuple[str, ...] = ()

    def allows(self, owner: str, viewer_country: str | None) -> bool:
        """Tell whether a principal of ``viewer_country`` may see a record owned by ``owner``.

        ``None`` stands for a trusted local caller (the CLI on the server), which sees everything.
        """
        if viewer_country is None or viewer_country == owner:
            return True
        if self.scope is SharingScope.ALL:
            return True
        if self.scope is SharingScope.COUNTRIES:
            return viewer_country in self.countries
        return False

    def to_dict(self) -> dict[str, Any]:
        return {"scope": self.scope.value, "countries": list(self.countries)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | str | None) -> SharingRule:
        if data is None:
            return cls()
        if isinstance(data, str):
            return cls(scope=SharingScope(data))
        countries = tuple(str(c).upper() for c in data.get("countries", ()))
        return cls(scope=SharingScope(data.get("scope", "all")), countries=countries)


@dataclass(slots=True)
class Flag:
    """A value that failed validation, kept on the record with the reason."""

    field: str
    value: str
    problem: str


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(slots=True, frozen=True)
class PartialDate:
    """A birth date known to the year, the month or the day; ``circa`` marks an approximate year."""

    year: int
    month: int | None = None
    day: int | None = None
    circa: bool = False

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (optionally prefixed by ``~`` for circa).

        Raises ValueError naming the value when it is not a real calendar date.
        """
        raw = text.strip()
        circa = raw.startswith("~")
        match = _PARTIAL_DATE.match(raw.lstrip("~").strip())
        if not match:
            raise ValueError(f"invalid date {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")

        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"invalid date {text!r}: month {month} does not exist")
        if day is not None:
            date(year, month or 1, day)  # raises ValueError for 1980-02-30
        if not 1800 <= year <= 2100:
            raise ValueError(f"invalid date {text!r}: year {year} is out of range 1800-2100")
        return cls(year, month, day, circa)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return ("~" if self.circa else "") + text


class IdentifierKind(StrEnum):
    CURP = "curp"
    RFC = "rfc"
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    OTHER = "other"


@dataclass(slots=True)
class Identifier:
    kind: str
    value: str
    country: str | None = None
    valid: bool | None = None


@dataclass(slots=True)
class Notice:
    """The notice, warrant or listing that makes a record matter."""

    kind: str
    reference: str | None = None
    issuer: str | None = None
    charges: tuple[str, ...] = ()
    program: str | None = None


@dataclass(slots=True, frozen=True)
class Origin:
    """The national record that a synced copy in another source was made from."""

    source: str
    record_id: str


@dataclass(slots=True)
class Person:
    source: str
    record_id: str
    owner: str
    given_names: str | None = None
    paternal_surname: str | None = None
    maternal_surname: str | None = None
    full_name: str | None = None
    aliases: list[str] = field(default_factory=list)
    sex: str | None = None
    birth_dates: list[PartialDate] = field(default_factory=list)
    places_of_birth: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    notice: Notice | None = None
    status: Status = Status.ACTIVE
    version: int = 1
    updated_at: str | None = None
    sharing: SharingRule = field(default_factory=SharingRule)
    flags: list[Flag] = field(default_factory=list)
    origin: Origin | None = None
    kind: RecordKind = RecordKind.PERSON

    def display_name(self) -> str:
        """Name as an officer reads it: given names then surnames, or the full name as received."""
        parts = [self.given_names, self.paternal_surname, self.maternal_surname]
        structured = " ".join(p for p in parts if p)
        return structured or (self.full_name or "")


@dataclass(slots=True)
class TravelDocument:
    source: str
    record_id: str
    owner: str
    number: str
    issuing_country: str
    document_type: str = "P"
    reason: str = "stolen"
    holder_name: str | None = None
    holder_birth_date: PartialDate | None = None
    status: Status = Status.ACTIVE
    version: int = 1
    updated_at: str | None = None
    sharing: SharingRule = field(default_factory=SharingRule)
    flags: list[Flag] = field(default_factory=list)
    origin: Origin | None = None
    kind: RecordKind = RecordKind.TRAVEL_DOCUMENT


@dataclass(slots=True)
class Vehicle:
    source: str
    record_id: str
    owner: str
    vin: str | None = None
    plate: str | None = None
    plate_country: str | None = None
    make: str | None = None
    model: str | None = None
    year: int | None = None
    color: str | None = None
    reason: str = "stolen"
    status: Status = Status.ACTIVE
    version: int = 1
    updated_at: str | None = None
    sharing: SharingRule = field(default_factory=SharingRule)
    flags: list[Flag] = field(default_factory=list)
    origin: Origin | None = None
    kind: RecordKind = RecordKind.VEHICLE


Record = Person | TravelDocument | Vehicle


def record_to_dict(record: Record) -> dict[str, Any]:
    """Serialise a record to plain JSON-ready values (the project's JSON Lines format)."""
    data = asdict(record)
    data["kind"] = record.kind.value
    data["status"] = record.status.value
    data["sharing"] = record.sharing.to_dict()
    if isinstance(record, Person):
        data["birth_dates"] = [str(d) for d in record.birth_dates]
    if isinstance(record, TravelDocument) and record.holder_birth_date is not None:
        data["holder_birth_date"] = str(record.holder_birth_date)
    return {key: value for key, value in data.items() if value not in (None, [], ())}
