"""Importer for INTERPOL public-notice JSON: single notices and list responses.

A notice carries ``entity_id`` (``YYYY/NNNNN``), ``forename``, ``name`` (the
surnames), ``date_of_birth`` (``YYYY/MM/DD`` or ``YYYY``), ``place_of_birth``,
``sex_id`` (M, F, U), ``nationalities`` (alpha-2 codes) and, on red notices,
``arrest_warrants`` (``charge``, ``charge_translation``, ``issuing_country_id``).
A list response wraps notices as ``{"total": N, "_embedded": {"notices": [...]}}``;
a plain JSON array of notices is read as well.

Notices in a list are decoded one at a time, so a file cut short keeps every
notice before the cut and reports the cut as a problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.i18n import json_error, json_type
from engine.importers.base import (
    ImportedRecord,
    ImportItem,
    ImportProblem,
    RowError,
    excerpt,
)
from engine.importers.surnames import split_surnames
from engine.importers.values import (
    check_countries,
    check_country,
    check_sex,
    clean_name,
    clean_text,
    parse_birth_date,
)
from engine.records import Flag, Notice, Person

DEFAULT_SOURCE = "intl"

# Owner of a notice that names no issuing country (a yellow notice, for example).
DEFAULT_OWNER = "INTL"

_NOTICE_LIST = re.compile(r'"notices"\s*:\s*\[')
_NOTICE_KIND_IN_LINK = re.compile(r"/notices/v1/(red|yellow|un)/")

_decoder = json.JSONDecoder()


def iter_interpol(*paths: str | Path, source: str = DEFAULT_SOURCE, default_owner: str = DEFAULT_OWNER) -> Iterator[ImportItem]:
    """Stream person records from INTERPOL notice files, reporting each unreadable notice and going on."""
    for path in paths:
        location = Path(path)
        text = location.read_text(encoding="utf-8", errors="replace")
        for line, notice in _iter_notices(text, str(location)):
            if isinstance(notice, ImportProblem):
                yield notice
                continue
            try:
                person = person_from_notice(notice, source=source, default_owner=default_owner)
            except RowError as error:
                yield ImportProblem.from_error(str(location), line, error, excerpt(json.dumps(notice, ensure_ascii=False)))
                continue
            yield ImportedRecord(person, str(location), line)


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _iter_notices(text: str, file: str) -> Iterator[tuple[int, dict[str, Any] | ImportProblem]]:
    """Yield (line, notice) for each notice in a document, or (line, problem) where decoding fails."""
    stripped_at = len(text) - len(text.lstrip())
    if not text.strip():
        yield 1, ImportProblem.of(file, 1, "import.interpol_empty")
        return

    if text[stripped_at] == "[":
        yield from _iter_array(text, stripped_at + 1, file)
        return

    found = _NOTICE_LIST.search(text)
    if found:
        yield from _iter_array(text, found.end(), file)
        return

    try:
        notice, _ = _decoder.raw_decode(text, stripped_at)
    except json.JSONDecodeError as error:
        line = _line_of(text, error.pos)
        yield line, ImportProblem.from_message(file, line, json_error(error), excerpt(text[stripped_at:].strip()))
        return
    yield _line_of(text, stripped_at), notice


def _iter_array(text: str, position: int, file: str) -> Iterator[tuple[int, dict[str, Any] | ImportProblem]]:
    """Decode the items of a JSON array that starts just before ``position``, one item at a time."""
    length = len(text)
    while True:
        while position < length and text[position] in " \t\r\n,":
            position += 1
        if position >= length:
            line = _line_of(text, position)
            yield line, ImportProblem.of(file, line, "import.interpol_truncated")
            return
        if text[position] == "]":
            return

        try:
            item, end = _decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            line = _line_of(text, error.pos)
            yield line, ImportProblem.of(file, line, "import.notice_invalid_json", excerpt(text[position:]), **json_error(error).params)
            return

        line = _line_of(text, position)
        if isinstance(item, dict):
            yield line, item
        else:
            yield line, ImportProblem.of(file, line, "import.notice_not_object", excerpt(str(item)), type=json_type(item))
        position = end


def person_from_notice(notice: dict[str, Any], *, source: str = DEFAULT_SOURCE, default_owner: str = DEFAULT_OWNER) -> Person:
    """Build a person record from one decoded INTERPOL notice. Raises RowError when it has no id or no name."""
    entity_id = notice.get("entity_id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise RowError("import.entity_id_invalid")

    flags: list[Flag] = []
    given_names = clean_name(_text(notice, "forename"), "forename")
    surnames = clean_name(_text(notice, "name"), "name")
    if not given_names and not surnames:
        raise RowError("import.notice_no_name", entity_id=entity_id)
    paternal, maternal = split_surnames(surnames) if surnames else (None, None)

    warrants = _warrants(notice)
    issuers = [str(w["issuing_country_id"]).upper() for w in warrants if w.get("issuing_country_id")]
    owner = issuers[0] if issuers else default_owner
    if issuers:
        check_country(owner, flags, "arrest_warrants.issuing_country_id")

    birth_dates = []
    birth_text = _text(notice, "date_of_birth")
    if birth_text:
        parsed = parse_birth_date(birth_text.replace("/", "-"), flags, "date_of_birth")
        if parsed is not None:
            birth_dates.append(parsed)

    place_of_birth = clean_text(_text(notice, "place_of_birth") or "")
    nationalities = notice.get("nationalities") or []
    if not isinstance(nationalities, list) or not all(isinstance(n, str) for n in nationalities):
        raise RowError("import.notice_nationalities_invalid", entity_id=entity_id)

    return Person(
        source=source,
        record_id=clean_text(entity_id),
        owner=owner,
        given_names=given_names,
        paternal_surname=paternal,
        maternal_surname=maternal,
        full_name=" ".join(part for part in (given_names, surnames) if part),
        sex=check_sex(_text(notice, "sex_id"), flags, "sex_id"),
        birth_dates=birth_dates,
        places_of_birth=[place_of_birth] if place_of_birth else [],
        nationalities=check_countries(nationalities, flags, "nationalities"),
        notice=_notice(notice, clean_text(entity_id), warrants, issuers),
        flags=flags,
    )


def _notice(notice: dict[str, Any], entity_id: str, warrants: list[dict[str, Any]], issuers: list[str]) -> Notice:
    charges = []
    for warrant in warrants:
        charge = warrant.get("charge") or warrant.get("charge_translation")
        if isinstance(charge, str) and clean_text(charge):
            charges.append(clean_text(charge))

    return Notice(kind=_notice_kind(notice, warrants), reference=entity_id, issuer=issuers[0] if issuers else None, charges=tuple(charges))


def _notice_kind(notice: dict[str, Any], warrants: list[dict[str, Any]]) -> str:
    """Read the notice colour from the notice's own link, or infer red from its arrest warrants."""
    links = notice.get("_links")
    own = links.get("self") if isinstance(links, dict) else None
    href = own.get("href") if isinstance(own, dict) else None
    found = _NOTICE_KIND_IN_LINK.search(href) if isinstance(href, str) else None
    if found:
        return found.group(1)
    return "red" if warrants else "notice"


def _warrants(notice: dict[str, Any]) -> list[dict[str, Any]]:
    warrants = notice.get("arrest_warrants") or []
    if not isinstance(warrants, list):
        raise RowError("import.warrants_invalid")
    return [w for w in warrants if isinstance(w, dict)]


def _text(notice: dict[str, Any], key: str) -> str | None:
    value = notice.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RowError("import.field_not_string", field=key, type=json_type(value))
    return value
