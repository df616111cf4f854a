"""The analyst page: upload a list, map its columns, follow the bulk jobs, download their results.

The page drives the bulk-jobs API (``/v1/bulk-jobs``) from the browser: the
upload, the progress and the downloads all go through it, so the page and a
script that calls the API see the same jobs. The job list is rendered on the
server from the same job store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from engine.web.language import format_date, format_decimal
from engine.web.messages import page_text

# Fields the page offers to map, in form order; the bulk importer accepts these names.
MAPPED_FIELDS = (
    "name", "given_names", "paternal_surname", "maternal_surname", "birth_date", "sex", "nationality", "document",
)
JOB_STATES = ("queued", "running", "done", "failed", "cancelled", "interrupted")
FINISHED_STATES = frozenset({"done", "failed", "cancelled"})
BANDS = ("strong", "possible", "weak")


@dataclass(slots=True)
class JobRow:
    job_id: str
    state: str
    state_label: str
    created_at: str
    rows_done: int
    rows_estimate: int
    progress_percent: int
    hits: str
    finished: bool
    links: dict[str, str]


def bulk_available() -> bool:
    """Tell whether this installation has the bulk-jobs API."""
    try:
        import engine.api.bulk_jobs  # noqa: F401
    except ImportError:
        return False
    return True


async def analyst_context(request: Request, language: str) -> dict[str, Any]:
    """Return the page context: the form choices, the state labels for the script, and the job list."""
    if not bulk_available():
        return {"available": False, "jobs": [], "fields": MAPPED_FIELDS, "bands": BANDS, "state_labels": {}}

    from engine.api.bulk_jobs import job_store, job_view, request_principal

    store = job_store(request)
    principal = request_principal(request)
    jobs = []
    for spec, state in store.list():
        owner = (spec.principal or {}).get("agency")
        if principal is not None and principal.agency and owner != principal.agency:
            continue
        jobs.append(job_row(job_view(spec, state), language))

    return {
        "available": True,
        "jobs": jobs,
        "fields": MAPPED_FIELDS,
        "bands": BANDS,
        "state_labels": {state: page_text(f"job.state.{state}", language) for state in JOB_STATES},
    }


def job_row(view: dict[str, Any], language: str) -> JobRow:
    """Shape the API's JSON view of one job for the page."""
    counts = view.get("counts") or {}
    hits = counts.get("rows_by_best_band") or {}
    hits_text = ", ".join(
        f"{page_text(f'band.{band}', language)}: {hits.get(band, 0)}" for band in BANDS if band in hits
    )
    if counts.get("errors"):
        hits_text += f" · {page_text('job.errors', language)}: {counts['errors']}"
    if counts.get("rows_per_second"):
        hits_text += f" · {format_decimal(counts['rows_per_second'], language, places=0)} {page_text('job.rate', language)}"

    return JobRow(
        job_id=view["id"],
        state=view["state"],
        state_label=page_text(f"job.state.{view['state']}", language),
        created_at=_created_text(view.get("created_at") or "", language),
        rows_done=view["rows_done"],
        rows_estimate=view["rows_estimate"],
        progress_percent=round(view["progress"] * 100),
        hits=hits_text,
        finished=view["state"] in FINISHED_STATES,
        links=view["links"],
    )


def _created_text(created_at: str, language: str) -> str:
    """Write ``YYYY-MM-DDTHH:MM:SS`` as the page's date followed by the time to the minute."""
    day, _, clock = created_at.partition("T")
    return f"{format_date(day, language)} {clock[:5]}".strip()
