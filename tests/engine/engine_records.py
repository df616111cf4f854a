"""Records for the engine suite."""

from __future__ import annotations

from engine.records import Identifier, PartialDate, Person, SharingRule, SharingScope, Status, TravelDocument


def person(
    record_id: str,
    given: str,
    paternal: str,
    maternal: str | None = None,
    *,
    source: str = "mx",
    owner: str = "MX",
    version: int = 1,
    sharing: SharingRule | None = None,
    status: Status = Status.ACTIVE,
    birth: str | None = None,
) -> Person:
    return Person(
        source=source,
        record_id=record_id,
        owner=owner,
        given_names=given,
        paternal_surname=paternal,
        maternal_surname=maternal,
        birth_dates=[PartialDate.parse(birth)] if birth else [],
        identifiers=[Identifier("curp", "HECL840307HPLRRS09", "MX")] if record_id.endswith("curp") else [],
        version=version,
        status=status,
        sharing=sharing or SharingRule(),
    )


def national(record_id: str, given: str, paternal: str, owner: str = "MX") -> Person:
    return person(record_id, given, paternal, owner=owner, sharing=SharingRule(SharingScope.NATIONAL))


def shared_with(record_id: str, given: str, paternal: str, countries: tuple[str, ...]) -> Person:
    return person(record_id, given, paternal, sharing=SharingRule(SharingScope.COUNTRIES, countries))


def stolen_passport(record_id: str, number: str, country: str = "MEX") -> TravelDocument:
    return TravelDocument(source="int", record_id=record_id, owner="MX", number=number, issuing_country=country)
