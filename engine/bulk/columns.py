"""Which input column contains which field: defaults for Spanish and English headers, and the analyst's mapping.

A header is compared after folding case and accents and treating ``_``, ``-``
and ``.`` as spaces, so ``Fecha_Nacimiento``, ``fecha de nacimiento`` and
``FECHA NACIMIENTO`` all find the birth date. An explicit mapping
(``--map birth_date=Fecha``, or a TOML/JSON file of ``field = "column"``) wins over the defaults.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from engine.i18n import UserError, name_list

FIELDS = (
    "name",
    "given_names",
    "paternal_surname",
    "maternal_surname",
    "surnames",
    "birth_date",
    "sex",
    "nationality",
    "document",
    "passport",
    "curp",
    "reference",
)

# Header spellings accepted for each field, already folded.
DEFAULT_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("nombre completo", "nombre", "name", "full name", "fullname", "nombre y apellidos", "persona", "pasajero", "passenger"),
    "given_names": ("nombres", "nombre s", "given names", "given name", "first name", "first names", "forename", "forenames", "primer nombre"),
    "paternal_surname": ("apellido paterno", "primer apellido", "paterno", "ap paterno", "paternal surname", "first surname"),
    "maternal_surname": ("apellido materno", "segundo apellido", "materno", "ap materno", "maternal surname", "second surname"),
    "surnames": ("apellidos", "apellido", "last name", "last names", "surname", "surnames", "family name", "lastname"),
    "birth_date": (
        "fecha de nacimiento", "fecha nacimiento", "fecha nac", "f nacimiento", "nacimiento", "fec nac",
        "dob", "birth date", "birthdate", "date of birth", "born",
    ),
    "sex": ("sexo", "genero", "sex", "gender"),
    "nationality": ("nacionalidad", "pais", "nationality", "country", "citizenship"),
    "document": ("documento", "numero de documento", "no documento", "identificacion", "document", "document number", "id number", "national id"),
    "passport": ("pasaporte", "numero de pasaporte", "no pasaporte", "passport", "passport number", "passport no"),
    "curp": ("curp",),
    "reference": ("id", "folio", "referencia", "ref", "reference", "registro", "record", "row id", "no", "num"),
}

_SEPARATORS = re.compile(r"[\s_\-.:/#°º]+")


def fold_header(text: str) -> str:
    """Fold a column header: lower case, no accents, separators as single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lstrip("\ufeff"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return _SEPARATORS.sub(" ", plain).strip()


def parse_map_options(options: Sequence[str] | None) -> dict[str, str]:
    """Turn ``--map field=Column`` options into a mapping; raises UserError for a bad one."""
    mapping: dict[str, str] = {}
    for option in options or ():
        field, separator, column = option.partition("=")
        field = field.strip().lower()
        if not separator or field not in FIELDS or not column.strip():
            raise UserError("bulk.mapping_invalid", value=option, fields=", ".join(FIELDS))
        mapping[field] = column.strip()
    return mapping


def load_mapping_file(path: str | Path) -> dict[str, str]:
    """Read a mapping file: TOML (``name = "Nombre"``) or JSON (``{"name": "Nombre"}``)."""
    location = Path(path)
    try:
        text = location.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise UserError("bulk.mapping_file_invalid", value=str(path), problem=error.strerror or str(error)) from error

    try:
        data = json.loads(text) if location.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        raise UserError("bulk.mapping_file_invalid", value=str(path), problem=str(error)) from error

    table = data.get("columns", data) if isinstance(data, dict) else None
    if not isinstance(table, dict) or not all(isinstance(value, str) for value in table.values()):
        raise UserError("bulk.mapping_file_invalid", value=str(path), problem="expected field = \"column\" pairs")
    return parse_map_options([f"{field}={column}" for field, column in table.items()])


def resolve_columns(header: Sequence[str], mapping: Mapping[str, str] | None = None) -> dict[str, int]:
    """Return field → column position for a header row.

    Raises UserError when a mapped column is not in the header, or when no
    column contains a name (a full name, given names or a surname).
    """
    folded = [fold_header(column) for column in header]
    positions: dict[str, int] = {}
    shown = name_list(list(header))  # the first ten names, then a count of the rest

    for field, column in (mapping or {}).items():
        wanted = fold_header(column)
        if wanted not in folded:
            raise UserError("bulk.mapping_column_missing", column=column, field=field, columns=shown)
        positions[field] = folded.index(wanted)

    taken = set(positions.values())
    for field, spellings in DEFAULT_HEADERS.items():
        if field in positions:
            continue
        for spelling in spellings:
            if spelling in folded and folded.index(spelling) not in taken:
                positions[field] = folded.index(spelling)
                taken.add(positions[field])
                break

    # "Nombre" beside surname columns contains the given names only (Nombre | Apellido paterno | Apellido materno).
    surname_columns = any(field in positions for field in ("paternal_surname", "maternal_surname", "surnames"))
    if "name" in positions and "name" not in (mapping or {}) and "given_names" not in positions and surname_columns:
        positions["given_names"] = positions.pop("name")

    if not any(field in positions for field in ("name", "given_names", "paternal_surname", "surnames")):
        raise UserError("bulk.no_name_column", columns=shown)
    return positions
