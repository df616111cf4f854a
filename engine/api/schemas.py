"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class PersonSearchRequest(BaseModel):
    """An officer's name look-up."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Full name in any common form: 'Given Paternal Maternal', 'PATERNAL MATERNAL, Given', MRZ style.")
    birth_date: str | None = Field(default=None, description="YYYY-MM-DD, YYYY-MM or YYYY.")
    sex: str | None = Field(default=None, description="M or F.")
    nationality: str | None = Field(default=None, description="ISO 3166 alpha-2 country code.")
    sources: list[str] | None = Field(default=None, description="Sources to search; every visible source when absent.")
    limit: int = Field(default=10, description="Number of hits to return, 1-100.")
    min_band: str | None = Field(default=None, description="Lowest band to return: weak, possible or strong.")


class MissingSource(BaseModel):
    source: str
    reason: str
    message: str


class ExplanationRow(BaseModel):
    feature: str
    how: str
    points: float
    query_value: Any = None
    record_value: Any = None
    text: str


class PersonHit(BaseModel):
    score: float
    band: str
    band_label: str
    source: str
    owner: str
    record_id: str
    name: str
    explanation: list[ExplanationRow]
    record: dict[str, Any]
    notice_label: str | None = None
    also_in: list[dict[str, str]] | None = None


class PersonSearchResponse(BaseModel):
    query: dict[str, Any]
    hits: list[PersonHit]
    partial: bool
    missing_sources: list[MissingSource]
    took_ms: float


class ErrorResponse(BaseModel):
    error: str
    message: str
