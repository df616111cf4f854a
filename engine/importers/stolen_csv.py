"""CSV lists of stolen, lost or revoked travel documents and of stolen vehicles.

One row per record, with a header row in Spanish or English; the column
order is free and unknown columns are ignored. The delimiter (comma,
semicolon or tab) and the encoding (UTF-8, with or without a byte-order mark,
or Windows-1252) are detected. The list kind comes from the header: a
``number`` column makes a document list, a ``vin`` or ``plate`` column a
vehicle list.

Documents::

    number,issuing_country,document_type,reason,holder_name,holder_birth_date
    G47120385,MX,P,robado,Juana Ramos García,1992-10-25

Vehicles::

    niv;placa;pais_placa;marca;modelo;año;color;motivo
    3VWFE21C04M000001;MNP-4521;MX;Volkswagen;Jetta;2004;gris;robado

Defaults, when a column is absent or empty: ``source`` ``intl`` (``cruce
ingest --source`` sets another), ``owner`` the issuing or plate country,
``record_id`` built from the country and the number (or VIN or plate),
``reason`` ``stolen``, ``document_type`` ``P``. Country codes may be ICAO or
ISO (``MEX``, ``MX``, ``D``, ``DEU``) and are stored as ISO alpha-2. Reasons
may be written in Spanish (robado, extraviado, revocado). A row that cannot
become a record is reported with its file and line, and reading goes on.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.identifiers.errors import IdentifierError
from engine.identifiers.icao_codes import icao_to_iso2, normalise_country
from engine.importers.base import (
    ImportedRecord,
    ImportItem,
    ImportProblem,
    RowError,
    excerpt,
)
from engine.importers.record_format import record_from_dict

DEFAULT_SOURCE = "intl"

# Header spellings (folded: lower case, no accents, spaces and dashes as underscores) → record field.
DOCUMENT_COLUMNS: dict[str, str] = {
    **dict.fromkeys(("number", "document_number", "numero", "numero_documento", "numero_de_documento", "no_documento"), "number"),
    **dict.fromkeys(("issuing_country", "issuer", "country", "pais_emisor", "pais", "pais_de_emision", "estado_emisor"), "issuing_country"),
    **dict.fromkeys(("document_type", "type", "tipo", "tipo_documento", "tipo_de_documento"), "document_type"),
    **dict.fromkeys(("holder_name", "holder", "name", "titular", "nombre_titular", "nombre_del_titular", "nombre"), "holder_name"),
    **dict.fromkeys(
        ("holder_birth_date", "birth_date", "date_of_birth", "fecha_nacimiento", "fecha_de_nacimiento", "fecha_nacimiento_titular"),
        "holder_birth_date",
    ),
}
VEHICLE_COLUMNS: dict[str, str] = {
    **dict.fromkeys(("vin", "niv", "numero_de_serie", "serie"), "vin"),
    **dict.fromkeys(("plate", "licence_plate", "license_plate", "placa", "placas", "matricula"), "plate"),
    **dict.fromkeys(("plate_country", "country", "pais_placa", "pais", "pais_de_la_placa"), "plate_country"),
    **dict.fromkeys(("make", "brand", "marca"), "make"),
    **dict.fromkeys(("model", "modelo", "submarca", "linea"), "model"),
    **dict.fromkeys(("year", "model_year", "ano", "anio", "ano_modelo"), "year"),
    **dict.fromkeys(("color", "colour"), "color"),
}
COMMON_COLUMNS: dict[str, str] = {
    **dict.fromkeys(("record_id", "id", "registro", "folio", "id_registro"), "record_id"),
    **dict.fromkeys(("source", "fuente"), "source"),
    **dict.fromkeys(("owner", "propietario", "pais_propietario"), "owner"),
    **dict.fromkeys(("reason", "status_reason", "motivo", "causa", "situacion"), "reason"),
    **dict.fromkeys(("sharing", "compartir", "compartido_con"), "sharing"),
}

REASONS = {
    "stolen": "stolen", "robado": "stolen", "robada": "stolen", "robo": "stolen", "hurtado": "stolen",
    "lost": "lost", "extraviado": "lost", "extraviada": "lost", "perdido": "lost", "perdida": "lost", "extravio": "lost",
    "revoked": "revoked", "revocado": "revoked", "revocada": "revoked", "cancelado": "revoked", "cancelada": "revoked",
    "invalidated": "invalidated", "invalidado": "invalidated", "invalidada": "invalidated",
}


def iter_stolen_csv(*paths: str | Path, default_source: str = DEFAULT_SOURCE) -> Iterator[ImportItem]:
    """Stream the records of one or more document or vehicle CSV files, with a problem for every bad row."""
    for path in paths:
        location = Path(path)
        yield from _read_file(location, default_source)


def fold_header(name: str) -> str:
    """Fold a header name: lower case, accents and ñ dropped to plain letters, separators as underscores."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    return "_".join(plain.replace("-", " ").replace(".", " ").replace("/", " ").split())


def _read_file(path: Path, default_source: str) -> Iterator[ImportItem]:
    text = _decode(path.read_bytes())
    if not text.strip():
        yield ImportProblem.of(str(path), 1, "import.csv_empty")
        return

    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header = next(reader)
    columns, kind = _columns(header)
    if not kind:
        yield ImportProblem.of(str(path), 1, "import.csv_no_kind_column", excerpt(",".join(header)))
        return

    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield ImportProblem.of(str(path), start, "import.csv_too_many_cells", excerpt(",".join(row)), cells=len(row), columns=len(header))
            continue

        values = {columns[index]: cell.strip() for index, cell in enumerate(row) if index in columns and cell.strip()}
        try:
            record = record_from_dict(_record_dict(values, kind, default_source))
        except RowError as error:
            yield ImportProblem.from_error(str(path), start, error, excerpt(",".join(row)))
            continue
        yield ImportedRecord(record, str(path), start)


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    head = text[:4096]
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _columns(header: list[str]) -> tuple[dict[int, str], str]:
    """Map header positions to record fields and tell the list kind; the kind is empty when the header fits no list."""
    folded = [fold_header(name) for name in header]
    if "number" in {DOCUMENT_COLUMNS.get(name) for name in folded}:
        kind, table = "travel_document", {**COMMON_COLUMNS, **DOCUMENT_COLUMNS}
    elif {"vin", "plate"} & {VEHICLE_COLUMNS.get(name) for name in folded}:
        kind, table = "vehicle", {**COMMON_COLUMNS, **VEHICLE_COLUMNS}
    else:
        return {}, ""

    columns: dict[int, str] = {}
    for index, name in enumerate(folded):
        field = table.get(name)
        if field is not None and field not in columns.values():
            columns[index] = field
    return columns, kind


def _record_dict(values: dict[str, str], kind: str, default_source: str) -> dict[str, Any]:
    """Fill the defaults and convert the cells to the project's record format."""
    data: dict[str, Any] = {"kind": kind, "source": values.get("source") or default_source}
    country_field = "issuing_country" if kind == "travel_document" else "plate_country"

    country = _iso_country(values.get(country_field))
    if country_field in values:
        data[country_field] = country
    if kind == "travel_document" and not values.get("number"):
        raise RowError("import.field_empty", field="number")
    if kind == "travel_document" and not country:
        raise RowError("import.field_empty", field="issuing_country")

    for name in ("number", "document_type", "holder_name", "holder_birth_date", "vin", "plate", "make", "model", "color"):
        if values.get(name):
            data[name] = values[name]
    if values.get("year"):
        data["year"] = _year(values["year"])

    data["reason"] = _reason(values.get("reason"))
    owner = _iso_country(values.get("owner")) or country
    if not owner:
        raise RowError("import.owner_empty")
    data["owner"] = owner
    data["record_id"] = values.get("record_id") or _record_id(data, kind)
    if values.get("sharing"):
        data["sharing"] = _sharing(values["sharing"])
    return data


def _iso_country(value: str | None) -> str | None:
    """Store ICAO and ISO alpha-3 codes as ISO alpha-2; keep an unknown code for the record's flags."""
    if not value:
        return None
    try:
        return icao_to_iso2(normalise_country(value)) or value.upper()
    except IdentifierError:
        return value.upper()


def _reason(value: str | None) -> str:
    if not value:
        return "stolen"
    reason = REASONS.get(fold_header(value))
    if reason is None:
        raise RowError("import.reason_unknown", value=value)
    return reason


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise RowError("import.year_not_number", value=value) from None
    if not 1900 <= year <= 2100:
        raise RowError("import.year_out_of_range", value=year)
    return year


def _sharing(value: str) -> dict[str, Any]:
    """Read ``all``/``todos``, ``national``/``nacional`` or a list of country codes (``US GT``, ``US,GT``)."""
    folded = fold_header(value)
    if folded in ("all", "todos", "todas"):
        return {"scope": "all"}
    if folded in ("national", "nacional"):
        return {"scope": "national"}
    countries = [code for code in value.replace(",", " ").replace(";", " ").replace("|", " ").upper().split() if code]
    return {"scope": "countries", "countries": countries}


def _record_id(data: dict[str, Any], kind: str) -> str:
    if kind == "travel_document":
        return f"{data['issuing_country']}-{''.join(ch for ch in data['number'].upper() if ch.isalnum())}"
    identity = data.get("vin") or data.get("plate") or ""
    return f"{data['owner']}-{''.join(ch for ch in identity.upper() if ch.isalnum())}"
