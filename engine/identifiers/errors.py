"""Errors raised by the identifier modules: MRZ, travel documents, VIN, plates, CURP.

Every error carries a stable ``code`` (``"mrz.line_length"``, ``"vin.check_digit"``)
that callers map to a translated message, the offending ``value``, and where it
applies the 1-based ``position`` in the value or, for an MRZ, the 1-based
``line`` and ``column``. ``params`` holds the extra values a message needs
(the expected length, the expected check digit). The English ``str()`` of an
error is for logs and developers; user-facing text comes from the code.

The class names follow python-stdnum (``InvalidLength``, ``InvalidFormat``,
``InvalidChecksum``, ``InvalidComponent``) so that code catching either family
reads the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

# Stable error codes, with the parameters each one fills in ``params``.
ERROR_CODES: dict[str, str] = {
    "mrz.empty": "the MRZ text is empty",
    "mrz.too_long": "the MRZ text is longer than the limit (params: size, limit)",
    "mrz.binary": "the MRZ text contains binary data or control characters",
    "mrz.line_count": "the MRZ has a wrong number of lines (params: count)",
    "mrz.line_length": "an MRZ line has a wrong length (params: length, expected)",
    "mrz.character": "a character is outside A-Z, 0-9 and < (params: character)",
    "mrz.character_class": "a letter where a digit belongs or the reverse, not repairable (params: character, expected)",
    "mrz.check_digit": "a check digit does not match its field (params: field, expected, found)",
    "mrz.date": "a date field is not a calendar date (params: field)",
    "mrz.sex": "the sex field is not M, F, X or < (params: character)",
    "mrz.document_code": "the document code does not fit the MRZ format (params: expected)",
    "mrz.unknown_country": "a country code is not in the ICAO list (warning; params: field)",
    "mrz.name_truncated": "the name field is full, so the name may be truncated (warning)",
    "mrz.padded": "a line was shorter than its format and was padded with < (warning; params: added)",
    "document.number_empty": "the document number is empty after normalisation",
    "country.unknown": "the country code is neither ICAO nor ISO 3166-1",
    "vin.invalid_length": "a VIN has 17 characters (params: length)",
    "vin.character": "a VIN character is outside A-Z and 0-9 (params: character)",
    "vin.forbidden_letter": "I, O and Q never occur in a VIN (params: character)",
    "vin.check_digit": "the North American check digit at position 9 does not match (params: expected, found)",
    "plate.empty": "the licence plate is empty after normalisation",
    "plate.too_long": "a licence plate has at most 12 letters and digits (params: length, maximum)",
    "curp.invalid_length": "a CURP has 18 characters",
    "curp.invalid_format": "the CURP does not have the CURP structure",
    "curp.invalid_component": "a CURP part (birth date, sex, state) is not valid",
    "curp.check_digit": "the CURP check digit does not match",
    "curp.missing_name": "a name part needed to derive the CURP is missing (params: part)",
    "curp.invalid_sex": "sex is H, M or X for a CURP (params: sex)",
    "curp.invalid_state": "the state is not a RENAPO state code (params: state)",
}


class IdentifierError(ValueError):
    """An identifier that failed validation, with a stable code for translation."""

    code: str = "identifier.invalid"

    def __init__(
        self,
        message: str,
        *,
        value: str = "",
        code: str | None = None,
        position: int | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.value = value
        if code is not None:
            self.code = code
        self.position = position
        self.params: dict[str, Any] = dict(params or {})

    def to_dict(self) -> dict[str, Any]:
        """Return the error as plain data for an API response or a log entry."""
        data: dict[str, Any] = {"code": self.code, "message": self.message, "value": self.value}
        if self.position is not None:
            data["position"] = self.position
        if self.params:
            data["params"] = dict(self.params)
        return data


class InvalidLength(IdentifierError):
    """The value has the wrong number of characters (or lines, for an MRZ)."""

    code = "identifier.invalid_length"


class InvalidFormat(IdentifierError):
    """The value contains a character or a structure the identifier does not allow."""

    code = "identifier.invalid_format"


class InvalidChecksum(IdentifierError):
    """A check digit does not match the characters it covers."""

    code = "identifier.invalid_checksum"


class InvalidComponent(IdentifierError):
    """A part of the value (a date, a state or country code, the sex) is not valid."""

    code = "identifier.invalid_component"


class MrzError(IdentifierError):
    """An MRZ that cannot be read, naming the 1-based line and column of the fault.

    ``line`` and ``column`` are ``None`` when the fault belongs to the whole
    text (empty input, too many bytes). ``field`` names the MRZ field when the
    fault sits inside one (``"document_number"``, ``"birth_date"``).
    """

    code = "mrz.invalid"

    def __init__(
        self,
        message: str,
        *,
        value: str = "",
        code: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, value=value, code=code, position=column, params=params)
        self.line = line
        self.column = column
        self.field = field

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data.pop("position", None)
        data.update({"line": self.line, "column": self.column, "field": self.field})
        return data


@dataclass(frozen=True, slots=True)
class MrzProblem:
    """A fault or warning found while reading an MRZ that did not stop the reading.

    Same vocabulary as :class:`MrzError`: ``line`` and ``column`` are 1-based.
    ``warning`` problems (a truncated name, an unknown country code) leave the
    reading valid; the others make it invalid.
    """

    code: str
    message: str
    value: str = ""
    line: int | None = None
    column: int | None = None
    field: str | None = None
    warning: bool = False
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def to_error(self) -> MrzError:
        """Return the problem as an exception, for callers that want to raise it."""
        return MrzError(
            self.message,
            value=self.value,
            code=self.code,
            line=self.line,
            column=self.column,
            field=self.field,
            params=self.params,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "value": self.value,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "warning": self.warning,
            "params": dict(self.params),
        }
