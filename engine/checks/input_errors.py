"""Errors in the input of a check, rendered in the caller's language with the place of the fault."""

from __future__ import annotations

from typing import Any

from engine.checks.messages import identifier_error_text
from engine.i18n import LANGUAGES, UserError
from engine.identifiers.errors import IdentifierError, MrzError

# An MRZ that is not text at all is a malformed request; one that is too long is too large.
_STATUS_BY_CODE = {"mrz.empty": 400, "mrz.binary": 400, "mrz.too_long": 413}


class CheckInputError(UserError):
    """Input a check cannot use: an unreadable MRZ, a VIN of the wrong shape, a missing number.

    ``key`` is a message key of ``engine.checks.messages`` (for identifier
    faults, the identifier error code). ``line`` and ``column`` locate an MRZ
    fault, ``position`` a fault inside a VIN or another one-line value.
    """

    def __init__(
        self,
        key: str,
        *,
        status: int = 422,
        line: int | None = None,
        column: int | None = None,
        position: int | None = None,
        field: str | None = None,
        value: str = "",
        detail: str = "",
        **params: Any,
    ) -> None:
        self.key = key
        self.status = status
        self.params = params
        self.line = line
        self.column = column
        self.position = position
        self.field = field
        self.value = value
        self.detail = detail
        Exception.__init__(self, self.render("en"))

    @classmethod
    def from_identifier_error(cls, error: IdentifierError) -> CheckInputError:
        """Wrap an identifier error (MRZ, VIN, plate, country, CURP) with its code and place."""
        if isinstance(error, MrzError):
            return cls(
                error.code,
                status=_STATUS_BY_CODE.get(error.code, 422),
                line=error.line,
                column=error.column,
                field=error.field,
                value=error.value,
                detail=error.message,
                **error.params,
            )
        return cls(error.code, position=error.position, value=error.value, detail=error.message, **error.params)

    def render(self, language: str) -> str:
        return identifier_error_text(
            self.key,
            self.params,
            language,
            line=self.line,
            column=self.column,
            position=self.position,
            value=self.value,
            fallback=self.detail,
        )

    def to_dict(self, language: str) -> dict[str, Any]:
        """Return the API error body: the message in ``language``, both languages, and where the fault is."""
        body: dict[str, Any] = {
            "error": self.key,
            "message": self.render(language),
            "messages": {code: self.render(code) for code in LANGUAGES},
        }
        for name in ("line", "column", "position", "field"):
            value = getattr(self, name)
            if value is not None:
                body[name] = value
        return body
