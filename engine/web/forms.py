"""The officer search form: read the posted fields, build the name and the birth date the engine takes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from engine.records import PartialDate
from engine.web.messages import page_text

MAX_FIELD_LENGTH = 300

# dd/mm/yyyy, mm/yyyy or yyyy, with / . or - between the parts.
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^~?\d{4}(-\d{2}(-\d{2})?)?$")


class PageFormError(Exception):
    """A form value the page itself rejects, before the engine receives it; ``field`` is the input to mark."""

    def __init__(self, key: str, field: str, **params: Any) -> None:
        super().__init__(page_text(key, "en", **params))
        self.key = key
        self.field = field
        self.params = params

    def render(self, language: str) -> str:
        return page_text(self.key, language, **self.params)


@dataclass(slots=True)
class SearchForm:
    """The values of the officer form as typed, so the page can show them again."""

    full_name: str = ""
    given_names: str = ""
    paternal_surname: str = ""
    maternal_surname: str = ""
    birth_date: str = ""
    sex: str = ""
    nationality: str = ""

    @classmethod
    def from_fields(cls, posted: Mapping[str, Any]) -> SearchForm:
        """Read the posted fields; anything else in the body is ignored and text fields are cut to a safe length."""
        values = {}
        for item in fields(cls):
            raw = posted.get(item.name, "")
            values[item.name] = raw.strip()[: MAX_FIELD_LENGTH + 1] if isinstance(raw, str) else ""
        return cls(**values)

    def has_parts(self) -> bool:
        return bool(self.given_names or self.paternal_surname or self.maternal_surname)

    def query_name(self) -> str:
        """Return the name to search: the full name, or the parts written ``PATERNAL MATERNAL, Given``.

        The surname-first form with a comma marks the surnames for the name
        parser, so parts typed in separate boxes keep their roles.
        Raises PageFormError when both the full name and parts are filled in.
        """
        if self.full_name and self.has_parts():
            raise PageFormError("form.name_twice", "full_name")
        if self.full_name or not self.has_parts():
            return self.full_name

        surnames = " ".join(part for part in (self.paternal_surname, self.maternal_surname) if part)
        if surnames and self.given_names:
            return f"{surnames}, {self.given_names}"
        return surnames or self.given_names

    def birth_date_iso(self) -> str | None:
        """Return the birth date as ISO ``YYYY[-MM[-DD]]``, read from dd/mm/aaaa, mm/aaaa, aaaa or ISO.

        Raises PageFormError naming the value as typed when it is not a real date.
        """
        text = self.birth_date
        if not text:
            return None

        iso = _to_iso(text)
        try:
            PartialDate.parse(iso)
        except ValueError:
            raise PageFormError("form.birth_date", "birth_date", value=text) from None
        return iso


def _to_iso(text: str) -> str:
    day_month_year = _DAY_MONTH_YEAR.match(text)
    if day_month_year:
        day, month, year = day_month_year.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"

    month_year = _MONTH_YEAR.match(text)
    if month_year:
        month, year = month_year.groups()
        return f"{year}-{int(month):02d}"

    if _ISO_DATE.match(text):
        return text
    raise PageFormError("form.birth_date", "birth_date", value=text)
