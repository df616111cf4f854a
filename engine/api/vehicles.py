"""Route for the vehicle check: a VIN, or a plate and the country that issued it."""

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
from engine.checks.input_errors import CheckInputError
from engine.i18n import UserError
from engine.checks.vehicle_check import check_vehicle

router = APIRouter(prefix="/v1/vehicles", tags=["vehicles"])


class VehicleCheckRequest(BaseModel):
    """A VIN, or a plate with its country (or both)."""

    model_config = ConfigDict(extra="forbid")

    vin: str | None = Field(default=None, description="Vehicle identification number (17 characters, ISO 3779).")
    plate: str | None = Field(default=None, description="Licence plate as painted or typed.")
    plate_country: str | None = Field(default=None, description="Country that issued the plate: ISO alpha-2 or ICAO code.")
    sources: list[str] | None = Field(default=None, description="Sources to search; every visible source when absent.")


ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 403, 404, 413, 422, 429)}


@router.post("/check", responses=ERRORS, summary="Check a vehicle against the stolen-vehicle lists")
async def check(
    request: Request,
    body: VehicleCheckRequest | None = Body(default=None),
    principal: Principal = Depends(require_roles(*CHECK_ROLES)),
) -> Any:
    """Look the vehicle up by VIN (validated; non-North-American VINs flagged) or by plate and country in every visible source."""
    language = request_language(request)
    request_fields = body.model_dump(exclude_none=True) if body is not None else {}
    try:
        if body is None:
            raise CheckInputError("check.vehicle_input")
        answer = await run_in_threadpool(
            check_vehicle,
            request.app.state.runtime,
            vin=body.vin,
            plate=body.plate,
            plate_country=body.plate_country,
            sources=body.sources,
            viewer_country=principal.country,
            language=language,
        )
    except UserError as error:
        await audit_action(request, principal, "vehicle.check", query=request_fields, hits=0, outcome=FAILURE, detail=error.key)
        if isinstance(error, CheckInputError):
            return JSONResponse(error.to_dict(language), status_code=error.status)
        raise

    record_ids = [f"{item['source']}/vehicle/{item['record_id']}" for item in answer["listings"]]
    await audit_action(request, principal, "vehicle.check", query=request_fields, hits=len(record_ids), record_ids=record_ids, detail=answer["status"])
    return answer
