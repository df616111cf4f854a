"""How a record becomes an engine document, and back.

The document keeps the whole record as JSON in ``record`` (not indexed) and,
for a person, the stored name analysis in ``analysis`` (not indexed), so a
candidate is scored by the same code as with the embedded backend. Next to
them sit the fields the engine filters and matches on: identity, owner,
status, sharing rule, blocking keys, lookup keys and the name fields.

Versions: the engine compares versions itself (``version_type=external_gte``)
so an older version never overwrites a newer one, even when two writers race.
The engine version is ``2 * record.version``, plus one for a withdrawn record.
That keeps the embedded index's rule: an incoming record of the same version
overwrites an active one but not a withdrawn one, so a replayed update never
brings a withdrawn record back.
"""

from __future__ import annotations

import json
from typing import Any

from engine.index.record_json import record_from_data
from engine.index.sqlite_writes import PreparedRecord
from engine.records import Person, Record, Status, TravelDocument, Vehicle

MAX_ID_BYTES = 512


def document_id(source: str, record_id: str) -> str:
    """Return the engine ``_id`` of a record: source and id, with ``%`` and ``:`` escaped so that it is unambiguous."""
    return f"{_escape(source)}:{_escape(record_id)}"


def id_problem(source: str, record_id: str) -> str | None:
    """Return why the engine would reject this record's ``_id`` (it takes at most 512 bytes), or ``None``.

    Checked before sending, because the engine rejects the whole bulk request, not one
    item, when one id is too long.
    """
    size = len(document_id(source, record_id).encode("utf-8"))
    if size > MAX_ID_BYTES:
        return f"source and record id take {size} bytes; the search engine accepts at most {MAX_ID_BYTES}"
    return None


def engine_version(version: int, status: Status) -> int:
    return 2 * version + (1 if status is Status.WITHDRAWN else 0)


def withdrawn_engine_version(stored_engine_version: int) -> int:
    """The engine version that marks a stored record withdrawn at its current record version."""
    return stored_engine_version | 1


def to_document(prepared: PreparedRecord) -> dict[str, Any]:
    """Build the engine document of a prepared record (serialised and, for a person, analysed)."""
    record = prepared.record
    active = record.status is Status.ACTIVE
    document: dict[str, Any] = {
        "kind": record.kind.value,
        "source": record.source,
        "record_id": record.record_id,
        "owner": record.owner.upper(),
        "status": record.status.value,
        "version": record.version,
        "sharing_scope": record.sharing.scope.value,
        "sharing_countries": sorted({country.upper() for country in record.sharing.countries}),
        "flagged_fields": sorted({flag.field for flag in record.flags}),
        "record": json.loads(prepared.body),
    }
    if record.updated_at:
        document["updated_at"] = record.updated_at

    if isinstance(record, Person):
        document.update(_person_fields(record))
        document["analysis"] = prepared.analysis
        document["blocking_keys"] = prepared.keys if active else []
        document["name_parts"] = prepared.name_parts if active else []
    elif isinstance(record, TravelDocument):
        document.update(_travel_document_fields(record))
        document["lookup_keys"] = prepared.keys if active else []
    elif isinstance(record, Vehicle):
        document.update(_vehicle_fields(record))
        document["lookup_keys"] = prepared.keys if active else []
    return document


def withdrawn_document(document: dict[str, Any]) -> dict[str, Any]:
    """Return a stored document marked withdrawn: status changed, keys and name parts removed."""
    withdrawn = dict(document)
    withdrawn["status"] = Status.WITHDRAWN.value
    withdrawn["record"] = {**document.get("record", {}), "status": Status.WITHDRAWN.value}
    for field in ("blocking_keys", "name_parts", "lookup_keys"):
        if field in withdrawn:
            withdrawn[field] = []
    return withdrawn


def record_from_document(document: dict[str, Any]) -> Record:
    """Rebuild the record stored in a document's ``record`` field.

    The field contains the record as ``record_json`` wrote it after import
    validation, so it is read back without validating again: the importer's
    checks (CURP check digits among them) cost more than the rest of a search.
    """
    return record_from_data(document["record"])


def _person_fields(person: Person) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "given_names": person.given_names,
        "paternal_surname": person.paternal_surname,
        "maternal_surname": person.maternal_surname,
        "full_name": person.full_name,
        "aliases": list(person.aliases),
        "sex": person.sex,
        "birth_dates": [str(birth) for birth in person.birth_dates],
        "birth_years": sorted({birth.year for birth in person.birth_dates}),
        "places_of_birth": list(person.places_of_birth),
        "nationalities": [country.upper() for country in person.nationalities],
        "identifier_keys": sorted({_identifier_key(i.kind, i.value) for i in person.identifiers if i.value}),
    }
    if person.notice is not None:
        fields["notice_kind"] = person.notice.kind
        fields["notice_reference"] = person.notice.reference
    return {key: value for key, value in fields.items() if value not in (None, [])}


def _travel_document_fields(document: TravelDocument) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "number": document.number,
        "issuing_country": document.issuing_country.upper(),
        "document_type": document.document_type,
        "reason": document.reason,
        "holder_name": document.holder_name,
        "holder_birth_date": str(document.holder_birth_date) if document.holder_birth_date else None,
    }
    return {key: value for key, value in fields.items() if value is not None}


def _vehicle_fields(vehicle: Vehicle) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "vin": vehicle.vin,
        "plate": vehicle.plate,
        "plate_country": vehicle.plate_country.upper() if vehicle.plate_country else None,
        "make": vehicle.make,
        "model": vehicle.model,
        "year": vehicle.year,
        "color": vehicle.color,
        "reason": vehicle.reason,
    }
    return {key: value for key, value in fields.items() if value is not None}


def _identifier_key(kind: str, value: str) -> str:
    compact = "".join(ch for ch in value.upper() if ch.isalnum())
    return f"{kind.lower()}:{compact}"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace(":", "%3A")
