"""Routes for officer person search."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from engine.api.errors import request_language
from engine.api.schemas import ErrorResponse, PersonSearchRequest, PersonSearchResponse
from engine.search import search_persons

router = APIRouter(prefix="/v1/persons", tags=["persons"])


@router.post(
    "/search",
    response_model=PersonSearchResponse,
    responses={404: {"model": ErrorResponse}, 413: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
    summary="Search persons by name across every visible source",
)
async def search(body: PersonSearchRequest, request: Request) -> dict:
    """Rank the persons of every visible source against a name, with birth date, sex and nationality when known."""
    return await run_in_threadpool(
        search_persons,
        request.app.state.runtime,
        name=body.name,
        birth_date=body.birth_date,
        sex=body.sex,
        nationality=body.nationality,
        sources=body.sources,
        limit=body.limit,
        min_band=body.min_band,
        language=request_language(request),
    )
