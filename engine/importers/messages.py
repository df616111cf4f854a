"""Per-row import problems in Spanish and English, merged into ``engine.i18n.MESSAGES``.

``cruce ingest`` and the API's record upload report these with the file (or
request) line; the English text is also the problem's ``message`` in logs.
"""

from __future__ import annotations

from engine.i18n import MESSAGES

IMPORT_MESSAGES: dict[str, dict[str, str]] = {
    # Reading the file.
    "import.invalid_utf8": {
        "es": "UTF-8 no válido en el byte {offset} de la línea",
        "en": "invalid UTF-8 at byte offset {offset} of the line",
    },
    "import.unknown_source": {
        "es": "fuente desconocida {source!r}; indique --source o configure la fuente en sources.toml",
        "en": "unknown source {source!r}; pass --source or configure it",
    },
    "import.columns_count": {
        "es": "se {expected|esperaba|esperaban} {expected} {expected|columna|columnas} y hay {found}",
        "en": "expected {expected} {expected|column|columns}, found {found}",
    },
    "import.truncated_row": {
        "es": "la última fila no termina en salto de línea; el archivo parece cortado",
        "en": "last row has no line end; the file looks truncated",
    },
    "import.csv_unreadable": {
        "es": "fila CSV ilegible: {problem}",
        "en": "unreadable CSV row: {problem}",
    },
    "import.csv_empty": {
        "es": "el archivo está vacío; debe tener una fila de encabezado y una fila por registro",
        "en": "the file is empty; expected a header row and one row per record",
    },
    "import.csv_no_kind_column": {
        "es": "el encabezado no tiene columna de número (documentos: number/numero) ni de vin/niv o plate/placa (vehículos)",
        "en": "the header names no number column (documents: number/numero) and no vin/niv or plate/placa column (vehicles)",
    },
    "import.csv_too_many_cells": {
        "es": "la fila tiene {cells} {cells|celda|celdas} pero el encabezado tiene {columns}",
        "en": "the row has {cells} {cells|cell|cells} but the header has {columns}",
    },
    # The project's record format.
    "import.not_object": {
        "es": "un registro debe ser un objeto JSON, no {type}",
        "en": "a record must be a JSON object, not {type}",
    },
    "import.kind_unknown": {
        "es": "el tipo de registro {kind!r} es desconocido; use person, travel_document o vehicle",
        "en": "kind {kind!r} is unknown; expected person, travel_document or vehicle",
    },
    "import.field_missing": {"es": "falta {field}", "en": "{field} is missing"},
    "import.field_empty": {"es": "{field} está vacío", "en": "{field} is empty"},
    "import.field_not_string": {
        "es": "{field} debe ser un texto, no {type}",
        "en": "{field} must be a string, not {type}",
    },
    "import.field_not_string_list": {
        "es": "{field} debe ser una lista de textos",
        "en": "{field} must be a list of strings",
    },
    "import.record_id_invalid": {
        "es": "falta record_id o no es un texto",
        "en": "record_id is missing or not a string",
    },
    "import.status_unknown": {
        "es": "el estado {value!r} es desconocido; use active o withdrawn",
        "en": "status {value!r} is unknown; expected active or withdrawn",
    },
    "import.version_invalid": {
        "es": "version debe ser un entero no negativo, no {value!r}",
        "en": "version must be a non-negative integer, not {value!r}",
    },
    "import.origin_invalid": {
        "es": "origin debe ser un objeto con source y record_id",
        "en": "origin must be an object with source and record_id",
    },
    "import.sharing_invalid": {
        "es": 'sharing debe ser un objeto como {{"scope": "all"}}',
        "en": 'sharing must be an object like {{"scope": "all"}}',
    },
    "import.sharing_scope_unknown": {
        "es": "el alcance de sharing {scope!r} es desconocido; use national, countries o all",
        "en": "sharing scope {scope!r} is unknown; expected national, countries or all",
    },
    "import.sharing_countries_invalid": {
        "es": "sharing.countries debe ser una lista de códigos de país",
        "en": "sharing countries must be a list of country codes",
    },
    "import.sharing_countries_empty": {
        "es": "el alcance de sharing 'countries' necesita al menos un código de país",
        "en": "sharing scope 'countries' needs at least one country code",
    },
    "import.person_no_name": {
        "es": "una persona necesita al menos uno de given_names, paternal_surname, maternal_surname, full_name",
        "en": "a person needs at least one of given_names, paternal_surname, maternal_surname, full_name",
    },
    "import.name_too_long": {
        "es": "{field} tiene {length} caracteres; el máximo es {maximum}",
        "en": "{field} is {length} characters long; the maximum is {maximum}",
    },
    "import.vehicle_no_id": {
        "es": "un vehículo necesita vin o plate",
        "en": "a vehicle needs a vin or a plate",
    },
    "import.year_not_integer": {
        "es": "year debe ser un número entero, no {value!r}",
        "en": "year must be an integer, not {value!r}",
    },
    "import.identifiers_invalid": {
        "es": "identifiers debe ser una lista de objetos",
        "en": "identifiers must be a list of objects",
    },
    "import.identifier_invalid": {
        "es": "cada identificador debe ser un objeto con kind y value",
        "en": "each identifier must be an object with kind and value",
    },
    "import.notice_invalid": {
        "es": "notice debe ser un objeto con al menos kind",
        "en": "notice must be an object with at least a kind",
    },
    "import.flags_invalid": {
        "es": "flags debe ser una lista de objetos",
        "en": "flags must be a list of objects",
    },
    "import.flag_invalid": {
        "es": "cada flag debe ser un objeto con field, value y problem",
        "en": "each flag must be an object with field, value and problem",
    },
    # Stolen-document and stolen-vehicle CSV lists.
    "import.owner_empty": {
        "es": "owner está vacío; agregue una columna de propietario o el país de la placa",
        "en": "owner is empty; give an owner column or the plate country",
    },
    "import.reason_unknown": {
        "es": "el motivo {value!r} es desconocido; use robado/stolen, extraviado/lost o revocado/revoked",
        "en": "reason {value!r} is unknown; expected stolen/robado, lost/extraviado or revoked/revocado",
    },
    "import.year_not_number": {
        "es": "el año {value!r} no es un número",
        "en": "year {value!r} is not a number",
    },
    "import.year_out_of_range": {
        "es": "el año {value} está fuera del rango 1900-2100",
        "en": "year {value} is out of range 1900-2100",
    },
    # OFAC SDN list.
    "import.ent_num_invalid": {
        "es": "ent_num {value!r} no es un número",
        "en": "ent_num {value!r} is not a number",
    },
    "import.entry_no_name": {
        "es": "la entrada {ent_num} no tiene nombre",
        "en": "entry {ent_num} has no name",
    },
    # INTERPOL notices.
    "import.interpol_empty": {
        "es": "archivo vacío: se esperaba una notificación de INTERPOL o una lista de notificaciones",
        "en": "empty file: expected an INTERPOL notice or a list of notices",
    },
    "import.interpol_truncated": {
        "es": "el archivo termina dentro de la lista de notificaciones (¿está cortado?)",
        "en": "file ends inside the list of notices (truncated?)",
    },
    "import.notice_invalid_json": {
        "es": "JSON no válido en una notificación, columna {column}: {reason}",
        "en": "invalid JSON in a notice at column {column}: {reason}",
    },
    "import.notice_not_object": {
        "es": "una notificación debe ser un objeto JSON, no {type}",
        "en": "a notice must be a JSON object, not {type}",
    },
    "import.entity_id_invalid": {
        "es": "falta entity_id o no es un texto",
        "en": "entity_id is missing or not a string",
    },
    "import.notice_no_name": {
        "es": "la notificación {entity_id} no tiene forename ni name",
        "en": "notice {entity_id} has neither forename nor name",
    },
    "import.notice_nationalities_invalid": {
        "es": "notificación {entity_id}: nationalities debe ser una lista de códigos de país",
        "en": "notice {entity_id}: nationalities must be a list of country codes",
    },
    "import.warrants_invalid": {
        "es": "arrest_warrants debe ser una lista",
        "en": "arrest_warrants must be a list",
    },
}

for _key, _texts in IMPORT_MESSAGES.items():
    MESSAGES.setdefault(_key, _texts)
