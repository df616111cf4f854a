"""Sharing rules of the sync: which national records go to the international source, and how a copy looks.

A record qualifies when it is active, its sharing scope is not ``national``
and its kind is listed in ``[sync] record_kinds``. It must also matter abroad:
a person with a notice or warrant of a listed kind, a travel document reported
stolen or lost, a vehicle reported stolen (kinds and reasons from ``[sync]``).

The copy keeps the owner country, the version and the sharing rule, lives in
the international source under the id ``<source owner>:<national source>:<national id>``
(``MX:mx:P000123``; the source's configured owner, so that a withdrawal, which
carries no record, finds the copy) and names its national record in ``origin``.
"""

from __future__ import annotations

import dataclasses

from engine.records import Origin, Person, Record, SharingScope, Status, TravelDocument, Vehicle
from engine.sync.settings import SyncSettings


def qualifies(record: Record, settings: SyncSettings) -> bool:
    """Tell whether the sharing rules let this national record into the international source."""
    if record.status is not Status.ACTIVE or record.sharing.scope is SharingScope.NATIONAL:
        return False
    if record.kind not in settings.record_kinds:
        return False

    if isinstance(record, Person):
        return record.notice is not None and record.notice.kind.strip().lower() in settings.person_notices
    if isinstance(record, TravelDocument):
        return record.reason.strip().lower() in settings.document_reasons
    if isinstance(record, Vehicle):
        return record.reason.strip().lower() in settings.vehicle_reasons
    return False


def copy_record_id(source_owner: str, source: str, record_id: str) -> str:
    """Return the id of the international copy of a record of ``source``, whose configured owner is ``source_owner``."""
    return f"{source_owner.upper()}:{source}:{record_id}"


def international_copy(record: Record, source_owner: str, to_source: str) -> Record:
    """Return the copy of a national record for the international source, linked back through ``origin``."""
    return dataclasses.replace(
        record,
        source=to_source,
        record_id=copy_record_id(source_owner, record.source, record.record_id),
        origin=Origin(record.source, record.record_id),
    )


def is_copy_of(copy: Record, original: Record) -> bool:
    """Tell whether ``copy`` is the sync's copy of ``original`` (same kind and owner, linked by origin and id)."""
    origin = copy.origin
    return (
        origin is not None
        and copy.kind is original.kind
        and origin.source == original.source
        and origin.record_id == original.record_id
        and copy.owner == original.owner
        and copy.record_id.endswith(f":{original.source}:{original.record_id}")
    )
