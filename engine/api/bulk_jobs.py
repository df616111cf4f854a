"""Bulk match jobs over HTTP: upload a list, follow its progress, download the results, cancel.

The lead includes ``router`` in ``engine/api/app.py``. Uploads are larger than
the API's general body limit, so ``BodySizeLimit`` must let ``/v1/bulk-jobs``
through; this router enforces its own limit (``CRUCE_BULK_MAX_UPLOAD_BYTES``)
while the body streams to disk, and a row limit (``CRUCE_BULK_MAX_ROWS``).

A job runs in a background runner process (``engine.bulk.runner``), so it goes
on while the API restarts, and a runner killed mid-way is resumed with
``POST /v1/bulk-jobs/{id}/resume``. When an authentication layer puts a
principal (``country``, ``agency``) on ``request.state.principal``, the job
keeps it, matches with its country as the viewer country, and only that
agency sees the job.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from engine.api.errors import request_language
from engine.bulk import messages as _messages  # noqa: F401  (registers the bulk messages)
from engine.access import BULK_ROLES, require_roles
from engine.access.services import audit_action
from engine.bulk.columns import parse_map_options
from engine.bulk.input import guess_format
from engine.bulk.jobs import DONE, JobSpec, JobState, JobStore, Principal
from engine.bulk.runner import start_runner
from engine.i18n import UserError

router = APIRouter(prefix="/v1/bulk-jobs", tags=["bulk"], dependencies=[Depends(require_roles(*BULK_ROLES))])

MAX_UPLOAD_ENV = "CRUCE_BULK_MAX_UPLOAD_BYTES"
MAX_ROWS_ENV = "CRUCE_BULK_MAX_ROWS"
DEFAULT_MAX_UPLOAD_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_ROWS = 1_000_000
_MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


def max_upload_bytes() -> int:
    return int(os.environ.get(MAX_UPLOAD_ENV, DEFAULT_MAX_UPLOAD_BYTES))


def max_rows() -> int:
    return int(os.environ.get(MAX_ROWS_ENV, DEFAULT_MAX_ROWS))


def job_store(request: Request) -> JobStore:
    """Return the app's job store: ``app.state.bulk_store`` when set, else one under CRUCE_BULK_DIR or var/bulk-jobs."""
    store = getattr(request.app.state, "bulk_store", None)
    if store is None:
        store = JobStore()
        request.app.state.bulk_store = store
    return store


def request_principal(request: Request) -> Principal | None:
    found = getattr(request.state, "principal", None)
    if found is None:
        return None
    return Principal(country=getattr(found, "country", None), agency=getattr(found, "agency", None), name=getattr(found, "name", None))


@router.post("", status_code=202)
async def create_job(
    request: Request,
    fmt: str = Query("csv", alias="format", description="csv o jsonl / csv or jsonl"),
    k: int = Query(3, description="Coincidencias por fila / hits per row (1-20)"),
    min_band: str = Query("possible", description="strong, possible o weak"),
    column_map: list[str] | None = Query(None, alias="map", description="CAMPO=COLUMNA, e.g. name=Nombre"),
    input_format: str | None = Query(None, description="csv o jsonl (se adivina / guessed)"),
    source: list[str] | None = Query(None, description="Solo estas fuentes / only these sources"),
) -> JSONResponse:
    """Upload a list (multipart field ``file``, or the raw CSV / JSON Lines body) and start matching it."""
    store = job_store(request)
    language = request_language(request)
    mapping = parse_map_options(column_map)
    limit = max_upload_bytes()

    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise UserError("bulk.upload_too_large", status=413, maximum=limit)

    job_id = store.new_id()
    directory = store.directory(job_id)
    directory.mkdir(parents=True)
    try:
        filename, size = await _receive_upload(request, directory, limit)
        if size == 0:
            raise UserError("bulk.upload_empty", status=400)
        chosen_format = guess_format(filename, input_format)
        upload = directory / f"input.{chosen_format}"
        (directory / "upload").rename(upload)

        spec = await run_in_threadpool(
            store.create,
            upload,
            None,
            job_id=job_id,
            input_format=chosen_format,
            output_format=fmt.lower(),
            k=k,
            min_band=min_band.lower(),
            mapping=mapping,
            language=language,
            config_path=_config_path(request),
            sources=source,
            principal=request_principal(request),
        )
        if spec.rows_estimate > max_rows():
            raise UserError("bulk.too_many_rows", status=422, maximum=max_rows())
    except BaseException:
        await run_in_threadpool(_remove, directory)
        raise

    start_runner(store, job_id)
    await audit_action(
        request,
        request.state.principal,
        "bulk.create",
        query={"job_id": job_id, "rows": spec.rows_estimate, "k": k, "min_band": min_band, "sources": source},
    )
    return JSONResponse(job_view(spec, store.state(job_id)), status_code=202)


@router.get("")
def list_jobs(request: Request) -> dict[str, Any]:
    """List the jobs this caller may see, newest first."""
    store = job_store(request)
    principal = request_principal(request)
    return {"jobs": [job_view(spec, state) for spec, state in store.list() if _visible(spec, principal)]}


@router.get("/{job_id}")
def get_job(request: Request, job_id: str) -> dict[str, Any]:
    """State and progress of one job."""
    store, spec = _visible_job(request, job_id)
    return job_view(spec, store.state(job_id))


@router.get("/{job_id}/results")
def get_results(request: Request, job_id: str) -> FileResponse:
    """Download the results file of a finished job."""
    store, spec = _visible_job(request, job_id)
    _require_done(store, spec)
    name = f"cruce-{job_id}.{spec.output_format}"
    return FileResponse(spec.output_path, media_type=_MEDIA_TYPES[spec.output_format], filename=name)


@router.get("/{job_id}/errors")
def get_errors(request: Request, job_id: str) -> FileResponse:
    """Download the rows that could not be matched, with line numbers and reasons."""
    store, spec = _visible_job(request, job_id)
    _require_done(store, spec)
    return FileResponse(spec.errors_path, media_type=_MEDIA_TYPES["csv"], filename=f"cruce-{job_id}.errors.csv")


@router.get("/{job_id}/summary")
def get_summary(request: Request, job_id: str) -> FileResponse:
    store, spec = _visible_job(request, job_id)
    _require_done(store, spec)
    return FileResponse(spec.summary_path, media_type="application/json")


@router.post("/{job_id}/resume", status_code=202)
def resume_job(request: Request, job_id: str) -> JSONResponse:
    """Start the runner again for a job that was interrupted or failed; it continues from its checkpoint."""
    store, spec = _visible_job(request, job_id)
    state = store.state(job_id)
    if state.state == DONE or state.state == "cancelled":
        raise UserError("bulk.job_finished", status=409, job_id=job_id, state=state.state)
    if store.is_locked(job_id):
        raise UserError("bulk.job_running", status=409, job_id=job_id)
    start_runner(store, job_id)
    return JSONResponse(job_view(spec, state), status_code=202)


@router.delete("/{job_id}")
async def delete_job(request: Request, job_id: str) -> dict[str, Any]:
    """Cancel a job if it runs, and delete it with its results."""
    store, _ = _visible_job(request, job_id)
    await run_in_threadpool(store.delete, job_id)
    return {"deleted": job_id}


def job_view(spec: JobSpec, state: JobState) -> dict[str, Any]:
    """Describe a job as JSON: its request, its state and progress, and where its files are."""
    total = max(spec.rows_estimate, state.rows_done)
    base = f"/v1/bulk-jobs/{spec.job_id}"
    return {
        "id": spec.job_id,
        "state": state.state,
        "rows_done": state.rows_done,
        "rows_estimate": spec.rows_estimate,
        "progress": 1.0 if state.state == DONE else (round(state.rows_done / total, 4) if total else 0.0),
        "counts": state.tally or None,
        "message": state.message,
        "format": spec.output_format,
        "k": spec.k,
        "min_band": spec.min_band,
        "sources": spec.sources,
        "principal": spec.principal,
        "created_at": spec.created_at,
        "updated_at": state.updated_at,
        "links": {"self": base, "results": f"{base}/results", "errors": f"{base}/errors", "summary": f"{base}/summary"},
    }


async def _receive_upload(request: Request, directory: Path, limit: int) -> tuple[str, int]:
    """Write the upload to ``directory/upload`` and return its file name and size; 413 past ``limit`` bytes."""
    target = directory / "upload"
    content_type = request.headers.get("content-type", "")
    size = 0

    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=1)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise UserError("bulk.upload_empty", status=400)
        with target.open("wb") as handle:
            while chunk := await upload.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise UserError("bulk.upload_too_large", status=413, maximum=limit)
                handle.write(chunk)
        await form.close()
        return upload.filename or "upload.csv", size

    with target.open("wb") as handle:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise UserError("bulk.upload_too_large", status=413, maximum=limit)
            handle.write(chunk)
    name = "upload.jsonl" if "ndjson" in content_type or "jsonl" in content_type else "upload.csv"
    return name, size


def _config_path(request: Request) -> str | None:
    runtime = getattr(request.app.state, "runtime", None)
    path = getattr(getattr(runtime, "config", None), "config_path", None)
    return str(path) if path else None


def _visible(spec: JobSpec, principal: Principal | None) -> bool:
    if principal is None or not principal.agency:
        return True
    return (spec.principal or {}).get("agency") == principal.agency


def _visible_job(request: Request, job_id: str) -> tuple[JobStore, JobSpec]:
    store = job_store(request)
    spec = store.spec(job_id)
    if not _visible(spec, request_principal(request)):
        raise UserError("bulk.job_unknown", status=404, job_id=job_id)
    return store, spec


def _require_done(store: JobStore, spec: JobSpec) -> None:
    state = store.state(spec.job_id)
    if state.state != DONE:
        raise UserError("bulk.results_not_ready", status=409, job_id=spec.job_id, state=state.state)


def _remove(directory: Path) -> None:
    import shutil

    shutil.rmtree(directory, ignore_errors=True)
