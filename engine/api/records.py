"""Routes for records: read one back, write and withdraw a source's records, export a source.

Every read filters by the caller's country inside the backend query: a record
the caller may not see reads as 404, exactly like a record that does not
exist, and never appears in an export. Writes go through
``engine.ingest.store_records`` and ``withdraw_records``, the same path as
``cruce ingest``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from engine.access import (
    EXPORT_ROLES,
    READ_BACK_ROLES,
    WRITE_ROLES,
    Principal,
    Role,
    access_services,
    audit_action,
    check_source_access,
    require_roles,
)
from engine.access.visible_records import visible_records
from engine.api.errors import request_language
from engine.audit import FAILURE
from engine.i18n import Message, UserError, json_error, translate
from engine.importers.base import RowError
from engine.importers.record_format import ORGANISATION_OWNERS, record_from_dict
from engine.ingest import store_records, withdraw_records
from engine.records import Record, RecordKind, Status, record_to_dict

log = logging.getLogger("cruce.api")

router = APIRouter(tags=["records"])

T = TypeVar("T")


@router.get("/v1/records/{kind}/{source}/{record_id}", summary="Read one record back")
async def read_record(
    kind: str, source: str, record_id: str, request: Request, principal: Principal = Depends(require_roles(*READ_BACK_ROLES))
) -> dict[str, Any]:
    """Return one record as its source stored it; 404 when it does not exist or the caller's country may not see it."""
    runtime = request.app.state.runtime
    record_kind = _kind(kind)
    budget_ms = runtime.config.source(source).timeout_ms

    read = await _within_budget(
        lambda: runtime.federation.get_record(record_kind, source, record_id, principal.country),
        budget_ms, "access.timeout", source=source, milliseconds=budget_ms,
    )
    shown = [f"{source}/{record_kind.value}/{record_id}"] if read.record is not None else []
    detail = None if read.status == Status.ACTIVE.value else read.status
    await _audit(request, principal, "record.read", {"kind": record_kind.value, "source": source, "record_id": record_id}, len(shown), shown, "success", detail)

    if read.status == Status.WITHDRAWN.value:
        raise UserError("record.withdrawn", status=410, kind=record_kind.value, source=source, record_id=record_id)
    if read.record is None:
        raise UserError("record.not_found", status=404, kind=record_kind.value, source=source, record_id=record_id)
    return {"status": read.status, "record": record_to_dict(read.record)}


@router.post("/v1/sources/{source}/records", summary="Write records into a source (JSON array or JSON Lines)")
async def write_records(
    source: str, request: Request, principal: Principal = Depends(require_roles(*WRITE_ROLES))
) -> JSONResponse:
    """Insert or update records of one source; rows that cannot become records are reported with their line.

    Returns 200 when every row was stored, 207 when some were not (see ``errors`` and ``rejected``).
    """
    runtime = request.app.state.runtime
    runtime.config.source(source)
    await check_source_access(request, principal, source)
    settings = access_services(request.app).settings

    rows = _decoded_rows(await request.body())
    if not rows:
        raise UserError("records.empty", status=422)
    if len(rows) > settings.max_write_records:
        raise UserError("records.too_many", status=413, count=len(rows), maximum=settings.max_write_records)

    records, errors, lines = _records_for_source(rows, source, principal, runtime.config.source(source).owner, request_language(request))
    report = None
    if records:
        report = await _within_budget(
            lambda: store_records(runtime, source, records),
            settings.write_timeout_ms, "access.write_timeout", source=source, milliseconds=settings.write_timeout_ms,
        )

    rejected = [
        {"line": lines.get(item.record_id), "record_id": item.record_id, "reason": item.reason}
        for item in (report.rejected if report else [])
    ]
    refused = {item["record_id"] for item in rejected}
    stored = [f"{source}/{record.kind.value}/{record.record_id}" for record in records if record.record_id not in refused]
    summary = {
        "source": source,
        "received": len(rows),
        "accepted": report.accepted if report else 0,
        "stale": report.stale if report else 0,
        "rejected": rejected,
        "errors": errors,
    }
    outcome = "success" if not errors and not rejected else "partial"
    await _audit(request, principal, "source.write", {"source": source, "received": len(rows)}, summary["accepted"], stored, outcome)
    log.info("source write source=%s key_id=%s received=%d accepted=%d errors=%d", source, principal.key_id, len(rows), summary["accepted"], len(errors) + len(rejected))
    return JSONResponse(summary, status_code=200 if outcome == "success" else 207)


@router.delete("/v1/sources/{source}/records/{kind}/{record_id}", summary="Withdraw one record of a source")
async def withdraw_record(
    source: str, kind: str, record_id: str, request: Request, principal: Principal = Depends(require_roles(*WRITE_ROLES))
) -> dict[str, Any]:
    """Withdraw a record: it leaves every search, read-back and export at once. Withdrawing twice is not an error."""
    runtime = request.app.state.runtime
    runtime.config.source(source)
    await check_source_access(request, principal, source)
    record_kind = _kind(kind)
    settings = access_services(request.app).settings

    status = await run_in_threadpool(_stored_status, runtime, record_kind, source, record_id)
    if status is None:
        await _audit(request, principal, "source.withdraw", {"source": source, "kind": record_kind.value, "record_id": record_id}, 0, [], FAILURE, "record.not_found")
        raise UserError("record.not_found", status=404, kind=record_kind.value, source=source, record_id=record_id)

    withdrawn = await _within_budget(
        lambda: withdraw_records(runtime, record_kind, source, [record_id]),
        settings.write_timeout_ms, "access.write_timeout", source=source, milliseconds=settings.write_timeout_ms,
    )
    shown = [f"{source}/{record_kind.value}/{record_id}"]
    await _audit(request, principal, "source.withdraw", {"source": source, "kind": record_kind.value, "record_id": record_id}, withdrawn, shown, "success")
    return {"source": source, "kind": record_kind.value, "record_id": record_id, "withdrawn": withdrawn == 1, "status": Status.WITHDRAWN.value}


@router.get("/v1/sources/{source}/export", summary="Export a source's active records (JSON Lines)")
async def export_source(
    source: str,
    request: Request,
    kind: list[str] | None = Query(None, description="person, travel_document o vehicle (todos si falta / all when absent)"),
    principal: Principal = Depends(require_roles(*EXPORT_ROLES)),
) -> StreamingResponse:
    """Stream every active record of a source that the caller's country may see, one JSON object per line."""
    runtime = request.app.state.runtime
    runtime.config.source(source)
    await check_source_access(request, principal, source)
    kinds = [_kind(value) for value in kind] if kind else list(RecordKind)
    backend = runtime.backend_for(source)
    audit = access_services(request.app).audit
    query = {"source": source, "kinds": [value.value for value in kinds]}

    def lines() -> Iterator[bytes]:
        shown: list[str] = []
        outcome = FAILURE
        try:
            for record_kind in kinds:
                for record in visible_records(backend, source, record_kind, principal.country):
                    shown.append(f"{source}/{record_kind.value}/{record.record_id}")
                    yield (json.dumps(record_to_dict(record), ensure_ascii=False) + "\n").encode("utf-8")
            outcome = "success"
        finally:
            audit.record(principal, "source.export", query=query, hits=len(shown), record_ids=shown, outcome=outcome)

    return StreamingResponse(iterate_in_threadpool(lines()), media_type="application/x-ndjson")


def _kind(value: str) -> RecordKind:
    try:
        return RecordKind(value)
    except ValueError:
        raise UserError("record.kind_invalid", value=value) from None


def _decoded_rows(body: bytes) -> list[Any]:
    """Decode a JSON array or JSON Lines body into (line, value) pairs; a line that is not JSON becomes an error row."""
    try:
        text = body.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise UserError("records.body_invalid", status=400) from None
    if not text:
        return []

    if text.startswith("["):
        try:
            values = json.loads(text)
        except json.JSONDecodeError:
            raise UserError("records.body_invalid", status=400) from None
        return [(position, value) for position, value in enumerate(values, start=1)]

    rows: list[Any] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append((line_number, json.loads(line)))
        except json.JSONDecodeError as error:
            rows.append((line_number, _NotJson(json_error(error))))
    return rows


class _NotJson:
    def __init__(self, problem: Message) -> None:
        self.problem = problem


def _records_for_source(
    rows: list[Any], source: str, principal: Principal, source_owner: str, language: str
) -> tuple[list[Record], list[dict[str, Any]], dict[str, int]]:
    """Build the records of the rows and return them, the row errors in ``language`` and the line of each record id."""
    records: list[Record] = []
    errors: list[dict[str, Any]] = []
    lines: dict[str, int] = {}
    for line, value in rows:
        if isinstance(value, _NotJson):
            errors.append({"line": line, "message": value.problem.render(language)})
            continue
        if isinstance(value, dict) and "origin" in value:
            # Only sync sets an origin; a source writing one could pass a record off as another's copy.
            errors.append({"line": line, "message": translate("records.origin_forbidden", language)})
            continue
        try:
            record = record_from_dict(value, default_source=source)
        except RowError as error:
            errors.append({"line": line, "message": error.render(language)})
            continue

        problem = _ownership_problem(record, source, principal, source_owner)
        if problem:
            errors.append({"line": line, "record_id": record.record_id, "message": problem.render(language)})
            continue
        records.append(record)
        lines[record.record_id] = line
    return records, errors, lines


def _ownership_problem(record: Record, source: str, principal: Principal, source_owner: str) -> Message | None:
    """Check that a row belongs to the source of the path, and that a source principal writes its own country's records."""
    if record.source != source:
        return Message("records.source_mismatch", {"record_source": record.source, "source": source})
    if Role.ADMIN in principal.roles or source_owner in ORGANISATION_OWNERS:
        return None
    if record.owner.upper() != source_owner:
        return Message("records.owner_mismatch", {"owner": record.owner, "source": source, "source_owner": source_owner})
    return None


def _stored_status(runtime: Any, kind: RecordKind, source: str, record_id: str) -> Status | None:
    backend = runtime.backend_for(source)
    record_status = getattr(backend, "record_status", None)
    if record_status is not None:
        return record_status(kind, source, record_id, None)
    return Status.ACTIVE if backend.get(kind, source, record_id, None) is not None else None


async def _within_budget(call: Callable[[], T], budget_ms: int, message_key: str, **params: Any) -> T:
    """Run a blocking backend call in the thread pool; 504 when it takes longer than ``budget_ms``.

    NOTE: a thread cannot be stopped, so the call goes on after the 504 and a
    write may still be applied; the message tells the caller that repeating it is safe.
    """
    try:
        return await asyncio.wait_for(run_in_threadpool(call), timeout=budget_ms / 1000)
    except TimeoutError:
        log.warning("backend call timed out budget_ms=%d message=%s", budget_ms, message_key)
        raise UserError(message_key, status=504, **params) from None


async def _audit(
    request: Request,
    principal: Principal,
    action: str,
    query: dict[str, Any],
    hits: int,
    record_ids: list[str],
    outcome: str,
    detail: str | None = None,
) -> None:
    await audit_action(request, principal, action, query=query, hits=hits, record_ids=record_ids, outcome=outcome, detail=detail)
