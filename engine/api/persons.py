"""Routes for officer person search."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from engine.access import SEARCH_ROLES, Principal, audit_action, require_roles
from engine.api.errors import request_language
from engine.api.schemas import ErrorResponse, PersonSearchRequest, PersonSearchResponse
from engine.audit import FAILURE
from engine.i18n import UserError
from engine.search import search_persons

router = APIRouter(prefix="/v1/persons", tags=["persons"])


@router.post(
    "/search",
    response_model=PersonSearchResponse,
    responses={
        401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}, 404: {"model": ErrorResponse},
        413: {"model": ErrorResponse}, 422: {"model": ErrorResponse}, 429: {"model": ErrorResponse},
    },
    summary="Search persons by name across every visible source",
)
async def search(
    body: PersonSearchRequest, request: Request, principal: Principal = Depends(require_roles(*SEARCH_ROLES))
) -> dict:
    """Rank the persons of every source the caller's country may see against a name, with birth date, sex and nationality when known."""
    requested = body.model_dump(exclude_none=True)
    try:
        answer = await run_in_threadpool(
            search_persons,
            request.app.state.runtime,
            name=body.name,
            birth_date=body.birth_date,
            sex=body.sex,
            nationality=body.nationality,
            sources=body.sources,
            limit=body.limit,
            min_band=body.min_band,
            viewer_country=principal.country,
            language=request_language(request),
        )
    except UserError as error:
        await audit_action(request, principal, "person.search", query=requested, hits=0, outcome=FAILURE, detail=error.key)
        raise

    shown = [f"{hit['source']}/person/{hit['record_id']}" for hit in answer["hits"]]
    missing = [item["source"] for item in answer["missing_sources"]]
    detail = f"missing_sources:{','.join(missing)}" if missing else None
    await audit_action(request, principal, "person.search", query=requested, hits=len(shown), record_ids=shown, detail=detail)
    return answer
