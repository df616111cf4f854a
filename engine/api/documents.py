"""Route for the travel-document check: an MRZ, or a number and issuing country, and the holder."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from engine.access import CHECK_ROLES, Principal, audit_action, require_roles
from engine.api.errors import request_language
from engine.api.schemas import ErrorResponse
from engine.audit import FAILURE
from engine.checks.document_check import check_document
from engine.checks.input_errors import CheckInputError
from engine.i18n import UserError

router = APIRouter(prefix="/v1/documents", tags=["documents"])


class DocumentCheckRequest(BaseModel):
    """A scanned MRZ, or a typed document number with its issuing country and what is known of the holder."""

    model_config = ConfigDict(extra="forbid")

    mrz: str | None = Field(default=None, description="The MRZ lines as read (2 or 3 lines; spaces, lower case and a missing trailing filler are tolerated).")
    number: str | None = Field(default=None, description="Document number, when there is no MRZ.")
    issuing_country: str | None = Field(default=None, description="Issuing country: ICAO (MEX, D), ISO alpha-3 or alpha-2 code.")
    name: str | None = Field(default=None, description="Holder's full name in any common form.")
    surnames: str | None = Field(default=None, description="Holder's surnames, when the name is given in parts.")
    given_names: str | None = Field(default=None, description="Holder's given names, when the name is given in parts.")
    birth_date: str | None = Field(default=None, description="Holder's birth date: YYYY-MM-DD, YYYY-MM or YYYY.")
    sex: str | None = Field(default=None, description="M or F.")
    nationality: str | None = Field(default=None, description="ISO alpha-2 or ICAO code.")
    curp: str | None = Field(default=None, description="Holder's CURP, when known.")
    sources: list[str] | None = Field(default=None, description="Sources to search; every visible source when absent.")
    holder_limit: int = Field(default=10, ge=1, le=100, description="Number of holder hits to return.")


ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 403, 404, 413, 422, 429)}


@router.post("/check", responses=ERRORS, summary="Check a travel document against the stolen and lost lists, and its holder against wanted persons")
async def check(
    request: Request,
    body: DocumentCheckRequest | None = Body(default=None),
    principal: Principal = Depends(require_roles(*CHECK_ROLES)),
) -> Any:
    """Look the document up by normalised number and issuing country in every visible source and search the holder.

    An MRZ that cannot be read gets a 4xx whose body names the line and column, in the caller's language and in both.
    """
    language = request_language(request)
    request_fields = body.model_dump(exclude_none=True) if body is not None else {}
    try:
        if body is None:
            raise CheckInputError("check.document_input")
        answer = await run_in_threadpool(
            check_document,
            request.app.state.runtime,
            mrz=body.mrz,
            number=body.number,
            issuing_country=body.issuing_country,
            name=body.name,
            surnames=body.surnames,
            given_names=body.given_names,
            birth_date=body.birth_date,
            sex=body.sex,
            nationality=body.nationality,
            curp=body.curp,
            sources=body.sources,
            holder_limit=body.holder_limit,
            viewer_country=principal.country,
            language=language,
        )
    except UserError as error:
        await audit_action(request, principal, "document.check", query=_audited(request_fields), hits=0, outcome=FAILURE, detail=error.key)
        if isinstance(error, CheckInputError):
            return JSONResponse(error.to_dict(language), status_code=error.status)
        raise

    document = answer["document"]
    record_ids = [f"{item['source']}/travel_document/{item['record_id']}" for item in document["listings"]]
    record_ids += [f"{hit['source']}/person/{hit['record_id']}" for hit in answer["holder"]["hits"]]
    await audit_action(
        request, principal, "document.check", query=_audited(request_fields), hits=len(record_ids), record_ids=record_ids, detail=document["status"]
    )
    return answer


def _audited(request_fields: dict[str, Any]) -> dict[str, Any]:
    """Keep the query for the audit log, with the MRZ cut to its first 200 characters."""
    if isinstance(request_fields.get("mrz"), str):
        return dict(request_fields, mrz=request_fields["mrz"][:200])
    return request_fields
