"""User-facing messages of the document and vehicle checks, merged into ``engine.i18n.MESSAGES``.

Every error code of :data:`engine.identifiers.errors.ERROR_CODES` has a
Spanish and an English text keyed by the code itself (``mrz.line_length``).
:func:`identifier_error_text` puts the place of the fault in front of it
(line and column for an MRZ, position for a VIN), so every message names
the place to look.
"""

from __future__ import annotations

from typing import Any

from engine.i18n import DEFAULT_LANGUAGE, MESSAGES, format_message

IDENTIFIER_MESSAGES: dict[str, dict[str, str]] = {
    "mrz.empty": {
        "es": "La MRZ está vacía. Pegue las dos o tres líneas de la zona de lectura mecánica (A-Z, 0-9 y <).",
        "en": "The MRZ is empty. Paste the two or three lines of the machine-readable zone (A-Z, 0-9 and <).",
    },
    "mrz.too_long": {
        "es": "El texto de la MRZ tiene {size} caracteres; el máximo es {limit}. Envíe solo las líneas de la MRZ.",
        "en": "The MRZ text has {size} characters; the limit is {limit}. Send only the MRZ lines.",
    },
    "mrz.binary": {
        "es": "El texto de la MRZ contiene datos binarios o caracteres de control. Envíe texto plano.",
        "en": "The MRZ text contains binary data or control characters. Send plain text.",
    },
    "mrz.line_count": {
        "es": "La MRZ tiene {count} {count|línea|líneas}; debe tener 2 (pasaporte, TD2, visa) o 3 (tarjeta TD1).",
        "en": "The MRZ has {count} {count|line|lines}; it must have 2 (passport, TD2, visa) or 3 (TD1 card).",
    },
    "mrz.line_length": {
        "es": "la línea tiene {length} {length|carácter|caracteres}; el formato {format} lleva {expected} por línea.",
        "en": "the line has {length} {length|character|characters}; the {format} format has {expected} per line.",
    },
    "mrz.character": {
        "es": "el carácter «{character}» no existe en una MRZ; solo se usan A-Z, 0-9 y <.",
        "en": "the character “{character}” cannot occur in an MRZ; only A-Z, 0-9 and < are used.",
    },
    "mrz.character_class": {
        "es": "«{character}» está donde va un {expected_es} y no se puede corregir con seguridad.",
        "en": "“{character}” stands where a {expected} belongs and cannot be repaired safely.",
    },
    "mrz.check_digit": {
        "es": "el dígito de control de {field} es «{found}» y debería ser «{expected}».",
        "en": "the check digit of {field} is “{found}”, expected “{expected}”.",
    },
    "mrz.date": {
        "es": "el campo {field} no es una fecha del calendario (AAMMDD).",
        "en": "the {field} field is not a calendar date (YYMMDD).",
    },
    "mrz.sex": {
        "es": "el sexo «{character}» no es válido; se espera M, F, X o <.",
        "en": "the sex “{character}” is not valid; expected M, F, X or <.",
    },
    "mrz.document_code": {
        "es": "el código de documento no corresponde al formato; debería empezar con una de: {expected}.",
        "en": "the document code does not fit the format; it should start with one of: {expected}.",
    },
    "mrz.unknown_country": {
        "es": "el código de país de {field} no está en la lista de la OACI.",
        "en": "the country code of {field} is not in the ICAO list.",
    },
    "mrz.name_truncated": {
        "es": "el campo del nombre está lleno; el nombre puede estar recortado.",
        "en": "the name field is full; the name may be truncated.",
    },
    "mrz.padded": {
        "es": "la línea era corta y se completó con {added} {added|carácter|caracteres} <.",
        "en": "the line was short and {added} < {added|filler was|fillers were} added.",
    },
    "document.number_empty": {
        "es": "El número de documento está vacío. Escriba el número tal como aparece en el documento.",
        "en": "The document number is empty. Type the number as printed on the document.",
    },
    "country.unknown": {
        "es": "El código de país {value!r} no es un código OACI ni ISO 3166-1 (por ejemplo MEX o MX).",
        "en": "The country code {value!r} is neither ICAO nor ISO 3166-1 (for example MEX or MX).",
    },
    "vin.invalid_length": {
        "es": "El NIV (VIN) tiene {length} {length|carácter|caracteres}; debe tener 17.",
        "en": "The VIN has {length} {length|character|characters}; it must have 17.",
    },
    "vin.character": {
        "es": "el carácter «{character}» no existe en un NIV (VIN); solo A-Z y 0-9.",
        "en": "the character “{character}” cannot occur in a VIN; only A-Z and 0-9.",
    },
    "vin.forbidden_letter": {
        "es": "la letra «{character}» nunca aparece en un NIV (VIN): I, O y Q no se usan. Revise si es 1 o 0.",
        "en": "the letter “{character}” never occurs in a VIN: I, O and Q are not used. Check whether it is 1 or 0.",
    },
    "vin.check_digit": {
        "es": "el dígito verificador es «{found}» y debería ser «{expected}»; revise el NIV (VIN) carácter por carácter.",
        "en": "the check digit is “{found}”, expected “{expected}”; check the VIN character by character.",
    },
    "plate.empty": {
        "es": "La placa está vacía. Escriba las letras y los números de la placa.",
        "en": "The plate is empty. Type the letters and digits of the plate.",
    },
    "plate.too_long": {
        "es": "La placa tiene {length} letras y números; el máximo es {maximum}. Escriba solo la placa.",
        "en": "The plate has {length} letters and digits; the maximum is {maximum}. Type only the plate.",
    },
    "curp.invalid_length": {
        "es": "La CURP debe tener 18 caracteres.",
        "en": "A CURP has 18 characters.",
    },
    "curp.invalid_format": {
        "es": "La CURP no tiene la estructura de una CURP (4 letras, 6 dígitos de fecha, sexo, estado…).",
        "en": "The CURP does not have the CURP structure (4 letters, 6 date digits, sex, state…).",
    },
    "curp.invalid_component": {
        "es": "Una parte de la CURP no es válida: la fecha de nacimiento, el sexo o el estado.",
        "en": "A part of the CURP is not valid: the birth date, the sex or the state.",
    },
    "curp.check_digit": {
        "es": "El dígito verificador de la CURP no coincide.",
        "en": "The CURP check digit does not match.",
    },
    "curp.missing_name": {
        "es": "Falta una parte del nombre para derivar la CURP: {part}.",
        "en": "A name part needed to derive the CURP is missing: {part}.",
    },
    "curp.invalid_sex": {
        "es": "Sexo {sex!r} no válido para una CURP; use H, M o X.",
        "en": "Sex {sex!r} is not valid for a CURP; use H, M or X.",
    },
    "curp.invalid_state": {
        "es": "El estado {state!r} no es un código de RENAPO (por ejemplo DF, JC o NE).",
        "en": "The state {state!r} is not a RENAPO code (for example DF, JC or NE).",
    },
}

CHECK_MESSAGES: dict[str, dict[str, str]] = {
    "check.where_line": {"es": "Línea {line}, columna {column}", "en": "Line {line}, column {column}"},
    "check.where_position": {"es": "Posición {position}", "en": "Position {position}"},
    "check.where_byte": {"es": "Byte {column}", "en": "Byte {column}"},
    "check.identifier_error": {"es": "{where}: {message}", "en": "{where}: {message}"},
    "check.document_input": {
        "es": "Envíe el texto de la MRZ, o el número del documento con el país emisor (por ejemplo MEX o MX).",
        "en": "Send the MRZ text, or the document number with the issuing country (for example MEX or MX).",
    },
    "check.mrz_and_number": {
        "es": "Envíe la MRZ o el número del documento, no ambos.",
        "en": "Send the MRZ or the document number, not both.",
    },
    "check.vehicle_input": {
        "es": "Envíe el NIV (VIN) del vehículo, o la placa con el país que la emitió.",
        "en": "Send the vehicle's VIN, or the plate with the country that issued it.",
    },
    "check.document_listed": {
        "es": "ALERTA: el documento {number} ({country}) figura como {reason} en la fuente {source} (país propietario {owner}, registro {record_id}).",
        "en": "ALERT: document {number} ({country}) is listed as {reason} in source {source} (owner country {owner}, record {record_id}).",
    },
    "check.document_clear": {
        "es": "El documento {number} ({country}) no figura como robado, extraviado ni revocado en las fuentes consultadas.",
        "en": "Document {number} ({country}) is not listed as stolen, lost or revoked in the sources searched.",
    },
    "check.document_no_number": {
        "es": "El documento no se cotejó: la lectura no contiene un número de documento. Vuelva a leer el documento o escriba el número.",
        "en": "The document was not checked: the reading contains no document number. Read the document again or type the number.",
    },
    "check.document_unchecked": {
        "es": "El documento no se pudo cotejar: ninguna fuente respondió.",
        "en": "The document could not be checked: no source answered.",
    },
    "check.number_unreliable": {
        "es": "El dígito de control del número de documento no coincide y la lectura no se pudo corregir con seguridad; se buscó el número con los caracteres confundibles (O/0, I/1, S/5…) unificados. Compare con el documento físico.",
        "en": "The document number check digit does not match and the reading could not be repaired safely; the number was searched with confusable characters (O/0, I/1, S/5…) folded together. Compare with the physical document.",
    },
    "check.repair": {
        "es": "Línea {line}, columna {column} ({field}): se leyó «{original}» y se corrigió a «{replacement}».",
        "en": "Line {line}, column {column} ({field}): read as “{original}”, repaired to “{replacement}”.",
    },
    "check.alternatives": {
        "es": "Lecturas posibles de {field}: {alternatives}.",
        "en": "Possible readings of {field}: {alternatives}.",
    },
    "check.vehicle_listed": {
        "es": "ALERTA: el vehículo {vehicle} figura como {reason} en la fuente {source} (país propietario {owner}, registro {record_id}).",
        "en": "ALERT: vehicle {vehicle} is listed as {reason} in source {source} (owner country {owner}, record {record_id}).",
    },
    "check.vehicle_clear": {
        "es": "El vehículo {vehicle} no figura como robado en las fuentes consultadas.",
        "en": "Vehicle {vehicle} is not listed as stolen in the sources searched.",
    },
    "check.vehicle_unchecked": {
        "es": "El vehículo no se pudo cotejar: ninguna fuente respondió.",
        "en": "The vehicle could not be checked: no source answered.",
    },
    "check.vin_no_check_digit": {
        "es": "NIV (VIN) de fuera de Norteamérica ({region}): no lleva dígito verificador, así que un error de lectura no se detecta. Compare con el vehículo.",
        "en": "VIN from outside North America ({region}): it has no check digit, so a misread cannot be detected. Compare with the vehicle.",
    },
    "check.vin_invalid_searched": {
        "es": "El NIV (VIN) no es válido ({problem}); se buscó tal como se escribió.",
        "en": "The VIN is not valid ({problem}); it was searched as typed.",
    },
    "check.holder_skipped": {
        "es": "No se buscó al titular: la MRZ no trae un nombre legible y no se envió ninguno.",
        "en": "The holder was not searched: the MRZ has no readable name and none was sent.",
    },
    "listing.stolen": {"es": "robado", "en": "stolen"},
    "listing.lost": {"es": "extraviado", "en": "lost"},
    "listing.revoked": {"es": "revocado", "en": "revoked"},
    "listing.invalidated": {"es": "invalidado", "en": "invalidated"},
    "reason.unsupported": {"es": "no ofrece este cotejo", "en": "does not offer this check"},
    "scan.header": {"es": "Documento {number} ({country}), MRZ {format}", "en": "Document {number} ({country}), MRZ {format}"},
    "scan.holder": {"es": "Titular: {count} {count|coincidencia|coincidencias} para «{query}»", "en": "Holder: {count} {count|match|matches} for “{query}”"},
    "scan.no_holder_hits": {"es": "Titular: sin coincidencias para «{query}».", "en": "Holder: no matches for “{query}”."},
}

MRZ_FIELD_LABELS: dict[str, dict[str, str]] = {
    "document_code": {"es": "tipo de documento", "en": "document code"},
    "issuing_state": {"es": "estado emisor", "en": "issuing state"},
    "name": {"es": "nombre", "en": "name"},
    "document_number": {"es": "número de documento", "en": "document number"},
    "document_number_extension": {"es": "continuación del número", "en": "document number continuation"},
    "nationality": {"es": "nacionalidad", "en": "nationality"},
    "birth_date": {"es": "fecha de nacimiento", "en": "birth date"},
    "sex": {"es": "sexo", "en": "sex"},
    "expiry_date": {"es": "fecha de vencimiento", "en": "expiry date"},
    "optional_data": {"es": "datos opcionales", "en": "optional data"},
    "optional_data_2": {"es": "datos opcionales 2", "en": "optional data 2"},
    "composite": {"es": "dígito compuesto", "en": "composite check"},
}

_CLASS_NAMES_ES = {"letter": "letra", "digit": "dígito"}

MESSAGES.update(IDENTIFIER_MESSAGES)
MESSAGES.update(CHECK_MESSAGES)


def field_label(name: str | None, language: str) -> str:
    """Return the translated name of an MRZ field, or the name itself when it has none."""
    if not name:
        return ""
    return MRZ_FIELD_LABELS.get(name, {}).get(language, name)


def render(key: str, language: str, **params: Any) -> str:
    """Render ``key`` like ``engine.i18n.translate``, showing ``?`` for a parameter the caller lacks."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(language) or entry[DEFAULT_LANGUAGE]
    return format_message(template, language, params, missing="?")


def identifier_error_text(
    code: str,
    params: dict[str, Any],
    language: str,
    *,
    line: int | None = None,
    column: int | None = None,
    position: int | None = None,
    value: str = "",
    fallback: str = "",
) -> str:
    """Describe an identifier error in ``language``, starting with where it is (line and column, or position)."""
    shown = dict(params)
    shown.setdefault("value", value)
    if "field" in shown:
        shown["field"] = field_label(str(shown["field"]), language)
    if code == "mrz.character_class":
        shown["expected_es"] = _CLASS_NAMES_ES.get(str(shown.get("expected")), shown.get("expected", "?"))
    message = render(code, language, **shown) if code in MESSAGES else fallback or code

    if line is not None and column is not None:
        where = render("check.where_line", language, line=line, column=column)
    elif column is not None:
        where = render("check.where_byte", language, column=column)
    elif position is not None:
        where = render("check.where_position", language, position=position)
    else:
        return message[:1].upper() + message[1:]
    return render("check.identifier_error", language, where=where, message=message)
