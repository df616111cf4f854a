"""Decoding of MRZ field values: names, dates with their century, sex, codes.

Names (Doc 9303 Part 3): the primary identifier (surnames) comes first, then
``<<``, then the secondary identifier (given names); ``<`` separates words
inside each. No check digit covers the name. When the last character of the
name field is not a filler, the name may have been cut to fit, and
``truncated`` is set.

>>> decode_name('GOMEZ<BERMUDEZ<<RAUL<<<<<<<<<')
MrzName(primary='GOMEZ BERMUDEZ', secondary='RAUL', truncated=False)
>>> decode_name('ERIKSSON<<ANNA<MARIA').given_names
('ANNA', 'MARIA')

Dates are ``YYMMDD``. A birth date takes the latest century that does not
put it after ``today``; an expiry date takes the latest century that puts it
no more than :data:`EXPIRY_HORIZON_YEARS` after ``today``. Unknown parts of a
birth date are fillers (``74<<<<`` is 1974 with month and day unknown).

>>> resolve_birth_date('740812', today=date(2024, 1, 1))
PartialDate(year=1974, month=8, day=12, circa=False)
>>> resolve_birth_date('150101', today=date(2024, 1, 1)).year
2015
>>> resolve_expiry_date('120415', today=date(2024, 1, 1))
datetime.date(2012, 4, 15)
>>> resolve_expiry_date('961210', today=date(2024, 1, 1))
datetime.date(1996, 12, 10)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.records import PartialDate

# A travel document is valid for ten years at most; twenty leaves room for cards with long validity.
EXPIRY_HORIZON_YEARS = 20


@dataclass(frozen=True, slots=True)
class MrzName:
    """The name field split into primary identifier (surnames) and secondary identifier (given names)."""

    primary: str
    secondary: str
    truncated: bool

    @property
    def surnames(self) -> tuple[str, ...]:
        return tuple(self.primary.split())

    @property
    def given_names(self) -> tuple[str, ...]:
        return tuple(self.secondary.split())

    def to_dict(self) -> dict[str, object]:
        return {"primary": self.primary, "secondary": self.secondary, "truncated": self.truncated}


def _words(text: str) -> str:
    return " ".join(text.replace("<", " ").split())


def decode_name(field_text: str) -> MrzName:
    """Split an MRZ name field at the first ``<<``; flag truncation when the field has no trailing filler."""
    truncated = not field_text.endswith("<")
    primary, separator, secondary = field_text.rstrip("<").partition("<<")
    return MrzName(primary=_words(primary), secondary=_words(secondary) if separator else "", truncated=truncated)


def _century_year(two_digits: int, latest: int) -> int:
    """Return the latest year ending in ``two_digits`` that is not after ``latest``."""
    return latest - ((latest - two_digits) % 100)


def _parse_parts(text: str) -> tuple[int | None, int | None, int | None]:
    if len(text) != 6:
        raise ValueError(f"invalid MRZ date {text!r}: expected six characters YYMMDD")

    parts: list[int | None] = []
    for start in (0, 2, 4):
        piece = text[start : start + 2]
        if piece == "<<":
            parts.append(None)
        elif piece.isdigit():
            parts.append(int(piece))
        else:
            raise ValueError(f"invalid MRZ date {text!r}: {piece!r} is neither two digits nor <<")
    return parts[0], parts[1], parts[2]


def resolve_birth_date(text: str, *, today: date) -> PartialDate | None:
    """Return the birth date, ``None`` when fully unknown; raise ValueError for a non-calendar date."""
    year_part, month, day = _parse_parts(text)
    if year_part is None:
        if month is not None or day is not None:
            raise ValueError(f"invalid MRZ date {text!r}: month or day given without a year")
        return None
    if month is None and day is not None:
        raise ValueError(f"invalid MRZ date {text!r}: day given without a month")

    year = _century_year(year_part, today.year)
    if month is not None:
        date(year, month, day or 1)
        if date(year, month, day or 1) > today:
            year -= 100
            date(year, month, day or 1)
    return PartialDate(year, month, day)


def resolve_expiry_date(text: str, *, today: date) -> date | None:
    """Return the expiry date, ``None`` when the field is all fillers; raise ValueError otherwise when invalid."""
    if text == "<<<<<<":
        return None

    year_part, month, day = _parse_parts(text)
    if year_part is None or month is None or day is None:
        raise ValueError(f"invalid MRZ date {text!r}: an expiry date needs year, month and day")
    return date(_century_year(year_part, today.year + EXPIRY_HORIZON_YEARS), month, day)


def decode_sex(character: str) -> str | None:
    """Return ``M``, ``F`` or ``X``; ``None`` for ``<`` (unspecified); raise ValueError otherwise."""
    if character in ("M", "F", "X"):
        return character
    if character == "<":
        return None
    raise ValueError(f"invalid sex {character!r}: expected M, F, X or <")


def strip_fillers(text: str) -> str:
    """Return a code or number without its fillers (``D<<`` → ``D``)."""
    return text.replace("<", "")
