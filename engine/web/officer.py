"""The officer search page: the form, and the ranked hits of every visible source."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from engine.access import Principal
from engine.access.services import audit_action
from engine.i18n import UserError, translate
from engine.runtime import Runtime
from engine.search import search_persons
from engine.web.forms import PageFormError, SearchForm
from engine.web.hit_view import hit_views, source_label

RESULT_LIMIT = 20

# Form input that an engine error refers to, by the start of its message key.
_ERROR_FIELDS = {"name": "full_name", "birth_date": "birth_date", "sex": "sex", "nationality": "nationality"}


def empty_search_context() -> dict[str, Any]:
    return {"form": SearchForm(), "error": None, "error_field": None, "results": None}


async def run_search(request: Request, runtime: Runtime, language: str, principal: Principal) -> dict[str, Any]:
    """Read the posted form, search every visible source and return the page context.

    Input errors come back in ``error`` (already in ``language``) with the
    field to mark in ``error_field``, instead of raising.
    """
    posted = await request.form()
    form = SearchForm.from_fields(posted)
    context: dict[str, Any] = {"form": form, "error": None, "error_field": None, "results": None}

    try:
        name = form.query_name()
        birth_date = form.birth_date_iso()
        response = await run_in_threadpool(
            search_persons,
            runtime,
            name=name,
            birth_date=birth_date,
            sex=form.sex or None,
            nationality=form.nationality or None,
            limit=RESULT_LIMIT,
            viewer_country=principal.country,
            language=language,
        )
    except PageFormError as error:
        context.update(error=error.render(language), error_field=error.field)
        return context
    except UserError as error:
        context.update(error=error.render(language), error_field=_error_field(error.key))
        return context

    await audit_action(
        request,
        principal,
        "person.search",
        query={"name": name, "birth_date": birth_date, "sex": form.sex or None, "nationality": form.nationality or None, "channel": "web"},
        hits=len(response["hits"]),
        record_ids=[f"{hit['source']}/person/{hit['record_id']}" for hit in response["hits"]],
    )
    context["results"] = {
        "query_name": name,
        "hits": hit_views(response["hits"], runtime.config, language),
        "missing": missing_with_labels(response["missing_sources"], runtime, language),
        "searched": [runtime.config.sources[name].label(language) for name in runtime.config.sources],
        "took_ms": round(response["took_ms"]),
    }
    return context


def missing_with_labels(missing: list[dict[str, str]], runtime: Runtime, language: str) -> list[dict[str, str]]:
    """Name each source that did not respond by its label, as the officer knows it."""
    rows = []
    for item in missing:
        label = source_label(runtime.config, item["source"], language)
        reason = translate(f"reason.{item['reason']}", language)
        rows.append({**item, "message": translate("search.source_missing", language, source=label, reason=reason)})
    return rows


def _error_field(key: str) -> str | None:
    return _ERROR_FIELDS.get(key.split(".")[0])
