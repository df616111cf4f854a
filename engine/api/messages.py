"""Spanish texts for pydantic's request validation errors, merged into ``engine.i18n.MESSAGES``.

Each key is ``validation.`` plus a pydantic error type, and the Spanish text
reads the values pydantic puts in the error's ``ctx`` (``max_length``, ``gt``,
``expected``). The English text is pydantic's own message, passed as ``msg``.
"""

from __future__ import annotations

from engine.i18n import MESSAGES

VALIDATION_MESSAGES: dict[str, dict[str, str]] = {
    "validation.missing": {"es": "falta el campo; es obligatorio.", "en": "{msg}"},
    "validation.extra_forbidden": {"es": "el campo no existe en esta ruta; revise el nombre o consulte /docs.", "en": "{msg}"},
    "validation.string_too_short": {
        "es": "el texto debe tener al menos {min_length} {min_length|carácter|caracteres}.",
        "en": "{msg}",
    },
    "validation.string_too_long": {
        "es": "el texto debe tener como máximo {max_length} {max_length|carácter|caracteres}.",
        "en": "{msg}",
    },
    "validation.too_short": {
        "es": "la lista debe tener al menos {min_length} {min_length|elemento|elementos}.",
        "en": "{msg}",
    },
    "validation.too_long": {
        "es": "la lista debe tener como máximo {max_length} {max_length|elemento|elementos}.",
        "en": "{msg}",
    },
    "validation.string_pattern_mismatch": {"es": "el texto no tiene la forma esperada ({pattern}).", "en": "{msg}"},
    "validation.string_type": {"es": "debe ser un texto entre comillas.", "en": "{msg}"},
    "validation.int_parsing": {"es": "debe ser un número entero.", "en": "{msg}"},
    "validation.int_type": {"es": "debe ser un número entero.", "en": "{msg}"},
    "validation.int_from_float": {"es": "debe ser un número entero, sin decimales.", "en": "{msg}"},
    "validation.float_parsing": {"es": "debe ser un número.", "en": "{msg}"},
    "validation.float_type": {"es": "debe ser un número.", "en": "{msg}"},
    "validation.bool_parsing": {"es": "debe ser true o false.", "en": "{msg}"},
    "validation.bool_type": {"es": "debe ser true o false.", "en": "{msg}"},
    "validation.list_type": {"es": "debe ser una lista JSON.", "en": "{msg}"},
    "validation.dict_type": {"es": "debe ser un objeto JSON.", "en": "{msg}"},
    "validation.model_type": {"es": "debe ser un objeto JSON.", "en": "{msg}"},
    "validation.model_attributes_type": {"es": "debe ser un objeto JSON.", "en": "{msg}"},
    "validation.greater_than": {"es": "debe ser mayor que {gt}.", "en": "{msg}"},
    "validation.greater_than_equal": {"es": "debe ser mayor o igual que {ge}.", "en": "{msg}"},
    "validation.less_than": {"es": "debe ser menor que {lt}.", "en": "{msg}"},
    "validation.less_than_equal": {"es": "debe ser menor o igual que {le}.", "en": "{msg}"},
    "validation.literal_error": {"es": "debe ser uno de estos valores: {expected}.", "en": "{msg}"},
    "validation.enum": {"es": "debe ser uno de estos valores: {expected}.", "en": "{msg}"},
    "validation.json_invalid": {"es": "no es JSON válido.", "en": "{msg}"},
    "validation.date_parsing": {"es": "no es una fecha válida; use AAAA-MM-DD.", "en": "{msg}"},
    "validation.date_from_datetime_parsing": {"es": "no es una fecha válida; use AAAA-MM-DD.", "en": "{msg}"},
    "validation.value_error": {"es": "el valor no es válido.", "en": "{msg}"},
    # Any other pydantic error type: a Spanish sentence without pydantic's English text.
    "validation.other": {"es": "el valor del campo no es válido; consulte /docs para ver el formato.", "en": "{msg}"},
}

for _key, _texts in VALIDATION_MESSAGES.items():
    MESSAGES.setdefault(_key, _texts)

RECORD_UPLOAD_MESSAGES: dict[str, dict[str, str]] = {
    "records.origin_forbidden": {
        "es": "solo la sincronización escribe el campo origin; quítelo del registro",
        "en": "field origin is set by sync only; remove it from the record",
    },
    "records.source_mismatch": {
        "es": "la fuente {record_source!r} no coincide con la fuente de la solicitud {source!r}; quítela o envíe la fila a /v1/sources/{record_source}/records",
        "en": "source {record_source!r} does not match the source of the request {source!r}; remove it or send the row to /v1/sources/{record_source}/records",
    },
    "records.owner_mismatch": {
        "es": "{owner!r} no es el país propietario de la fuente {source!r} ({source_owner}); una clave de fuente solo escribe sus propios registros",
        "en": "owner {owner!r} is not the owner of source {source!r} ({source_owner}); a source key may only write its own records",
    },
}

for _key, _texts in RECORD_UPLOAD_MESSAGES.items():
    MESSAGES.setdefault(_key, _texts)
