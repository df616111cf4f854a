"""User-facing messages in Spanish (the default) and English.

Every message that reaches an officer, an analyst or an API client is looked up
here by a stable key, so the engine raises errors with a key and parameters and
the CLI or the API renders them in the caller's language.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_LANGUAGE = "es"
LANGUAGES = ("es", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # Query validation.
    "name.empty": {
        "es": "El nombre está vacío. Escriba al menos un nombre o un apellido.",
        "en": "The name is empty. Type at least one given name or surname.",
    },
    "name.too_long": {
        "es": "El nombre tiene {length} caracteres; el máximo es {maximum}. Escriba solo el nombre de la persona.",
        "en": "The name has {length} characters; the maximum is {maximum}. Type only the person's name.",
    },
    "name.no_letters": {
        "es": "El nombre {value!r} no contiene letras. Escriba un nombre o un apellido.",
        "en": "The name {value!r} contains no letters. Type a given name or a surname.",
    },
    "birth_date.invalid": {
        "es": "Fecha de nacimiento no válida: {value!r}. Use AAAA-MM-DD, AAAA-MM o AAAA (por ejemplo 1964-07-31).",
        "en": "Invalid birth date: {value!r}. Use YYYY-MM-DD, YYYY-MM or YYYY (for example 1964-07-31).",
    },
    "sex.invalid": {
        "es": "Sexo no válido: {value!r}. Use M (masculino), F (femenino) o déjelo vacío.",
        "en": "Invalid sex: {value!r}. Use M (male), F (female) or leave it empty.",
    },
    "nationality.invalid": {
        "es": "Nacionalidad no válida: {value!r}. Use un código de país de dos letras (ISO 3166), por ejemplo MX.",
        "en": "Invalid nationality: {value!r}. Use a two-letter country code (ISO 3166), for example MX.",
    },
    "source.unknown": {
        "es": "Fuente desconocida: {value!r}. Fuentes configuradas: {known}.",
        "en": "Unknown source: {value!r}. Configured sources: {known}.",
    },
    "limit.invalid": {
        "es": "Límite no válido: {value!r}. Use un número entre 1 y {maximum}.",
        "en": "Invalid limit: {value!r}. Use a number between 1 and {maximum}.",
    },
    "band.invalid": {
        "es": "Banda no válida: {value!r}. Use weak (débil), possible (posible) o strong (fuerte).",
        "en": "Invalid band: {value!r}. Use weak, possible or strong.",
    },
    "language.invalid": {
        "es": "Idioma no válido: {value!r}. Use es o en.",
        "en": "Invalid language: {value!r}. Use es or en.",
    },
    "request.invalid": {
        "es": "Solicitud no válida en {field}: {problem}",
        "en": "Invalid request in {field}: {problem}",
    },
    "request.too_large": {
        "es": "La solicitud pesa {size} bytes; el máximo es {maximum}. Envíe menos datos.",
        "en": "The request is {size} bytes; the maximum is {maximum}. Send less data.",
    },
    "request.invalid_text": {
        "es": "La solicitud contiene texto que no es Unicode válido (por ejemplo un sustituto \\ud800 suelto). Envíe texto UTF-8.",
        "en": "The request contains text that is not valid Unicode (for example a lone \\ud800 surrogate). Send UTF-8 text.",
    },
    "request.not_json": {
        "es": "El cuerpo de la solicitud no es JSON válido. Envíe un objeto JSON con Content-Type application/json.",
        "en": "The request body is not valid JSON. Send a JSON object with Content-Type application/json.",
    },
    "http.not_found": {
        "es": "No existe la ruta {path}. Consulte /docs para ver las rutas de la API.",
        "en": "No route {path}. See /docs for the API routes.",
    },
    "http.method_not_allowed": {
        "es": "La ruta {path} no acepta este método HTTP. Consulte /docs.",
        "en": "The route {path} does not accept this HTTP method. See /docs.",
    },
    "http.error": {
        "es": "La solicitud a {path} falló con el estado {status}.",
        "en": "The request to {path} failed with status {status}.",
    },
    "config.invalid": {
        "es": "Configuración no válida: {problem}",
        "en": "Invalid configuration: {problem}",
    },
    # Search results.
    "search.no_hits": {
        "es": "Sin coincidencias para {query!r}.",
        "en": "No matches for {query!r}.",
    },
    "search.source_missing": {
        "es": "La fuente {source} no respondió ({reason}); los resultados están incompletos.",
        "en": "Source {source} did not answer ({reason}); the results are incomplete.",
    },
    "search.header": {
        "es": "{count} {count|coincidencia|coincidencias} para {query!r} (fuentes: {sources})",
        "en": "{count} {count|match|matches} for {query!r} (sources: {sources})",
    },
    "reason.timeout": {"es": "tiempo agotado", "en": "timed out"},
    "reason.error": {"es": "error", "en": "error"},
    "band.strong": {"es": "fuerte", "en": "strong"},
    "band.possible": {"es": "posible", "en": "possible"},
    "band.weak": {"es": "débil", "en": "weak"},
    # Import.
    "ingest.file_missing": {
        "es": "No se encontró el archivo {value!r}. Revise la ruta.",
        "en": "File not found: {value!r}. Check the path.",
    },
    "ingest.format_unknown": {
        "es": "No se reconoce el formato de {value!r}. Indique --format jsonl, interpol u ofac.",
        "en": "Cannot tell the format of {value!r}. Pass --format jsonl, interpol or ofac.",
    },
    "ingest.problem": {
        "es": "{file}:{line}: {message}",
        "en": "{file}:{line}: {message}",
    },
    "ingest.summary": {
        "es": "{accepted} {accepted|registro importado|registros importados} en la fuente {source} ({stale} sin cambios por versión, {rejected} {rejected|rechazado|rechazados}, {problems} {problems|fila|filas} con errores) en {seconds:.1f} s.",
        "en": "Imported {accepted} {accepted|record|records} into source {source} ({stale} unchanged by version, {rejected} rejected, {problems} {problems|row|rows} with errors) in {seconds:.1f} s.",
    },
    "ingest.progress": {"es": "Importando", "en": "Importing"},
    "demo.loading": {
        "es": "Cargando datos de demostración: {national} {national|persona nacional generada|personas nacionales generadas} y la lista OFAC SDN real.",
        "en": "Loading demo data: {national} generated national {national|person|persons} and the real OFAC SDN list.",
    },
    "demo.ready": {
        "es": "Datos de demostración listos: {counts}.",
        "en": "Demo data ready: {counts}.",
    },
    "serve.starting": {
        "es": "Cruce atiende en http://{host}:{port} (documentación de la API en /docs).",
        "en": "Cruce is serving on http://{host}:{port} (API docs at /docs).",
    },
    "status.line": {
        "es": "Fuente {source} ({owner}, {backend}): {persons} {persons|persona|personas}, {documents} {documents|documento|documentos}, {vehicles} {vehicles|vehículo|vehículos}.",
        "en": "Source {source} ({owner}, {backend}): {persons} {persons|person|persons}, {documents} {documents|document|documents}, {vehicles} {vehicles|vehicle|vehicles}.",
    },
    "not_ready": {
        "es": "No listo: {problem}",
        "en": "Not ready: {problem}",
    },
    # Shared pieces of other messages.
    "list.all": {"es": "{names}", "en": "{names}"},
    "list.more": {
        "es": "{names} y {count} más",
        "en": "{names} and {count} more",
    },
    "json.invalid": {
        "es": "JSON no válido en la columna {column}: {reason}",
        "en": "invalid JSON at column {column}: {reason}",
    },
    "json.reason.value": {"es": "se esperaba un valor", "en": "a value was expected"},
    "json.reason.property_name": {
        "es": "se esperaba un nombre de campo entre comillas dobles",
        "en": "a field name in double quotes was expected",
    },
    "json.reason.colon": {"es": "falta «:» después del nombre de campo", "en": "':' is missing after a field name"},
    "json.reason.comma": {
        "es": "falta «,» entre dos valores o el cierre del objeto o de la lista",
        "en": "',' between two values or the closing bracket is missing",
    },
    "json.reason.unterminated": {"es": "un texto entre comillas no se cierra", "en": "a quoted string is not closed"},
    "json.reason.control_character": {
        "es": "hay un carácter de control dentro de un texto",
        "en": "a control character is inside a string",
    },
    "json.reason.escape": {"es": "secuencia de escape \\ no válida", "en": "invalid \\ escape sequence"},
    "json.reason.extra_data": {"es": "hay datos después del valor JSON", "en": "extra data after the JSON value"},
    "json.reason.trailing_comma": {"es": "sobra una coma antes del cierre", "en": "a trailing comma before the closing bracket"},
    "json.reason.other": {"es": "error de sintaxis", "en": "syntax error"},
    "json.type.object": {"es": "un objeto", "en": "an object"},
    "json.type.array": {"es": "una lista", "en": "an array"},
    "json.type.string": {"es": "un texto", "en": "a string"},
    "json.type.number": {"es": "un número", "en": "a number"},
    "json.type.boolean": {"es": "un booleano", "en": "a boolean"},
    "json.type.null": {"es": "null", "en": "null"},
    "json.type.other": {"es": "otro tipo", "en": "another type"},
    "csv.unexpected_end": {
        "es": "el archivo termina dentro de un campo entre comillas",
        "en": "the file ends inside a quoted field",
    },
    "csv.field_too_large": {"es": "un campo supera el tamaño máximo", "en": "a field is larger than the maximum size"},
    "csv.quote_then_text": {
        "es": "hay texto después de las comillas de cierre de un campo",
        "en": "text follows the closing quote of a field",
    },
    "csv.newline_unquoted": {
        "es": "hay un salto de línea dentro de un campo sin comillas",
        "en": "a line break is inside an unquoted field",
    },
    "csv.null_byte": {"es": "la fila contiene un byte nulo (NUL)", "en": "the row contains a NUL byte"},
    "csv.other": {"es": "la fila no sigue el formato CSV", "en": "the row does not follow the CSV format"},
    "internal_error": {
        "es": "Error interno ({reference}). El incidente quedó registrado; intente de nuevo o avise al administrador.",
        "en": "Internal error ({reference}). The incident was logged; try again or tell the administrator.",
    },
}

# Explanation vocabulary: the scorer reports stable feature and method keys.
FEATURES: dict[str, dict[str, str]] = {
    "given_name": {"es": "nombre", "en": "given name"},
    "paternal_surname": {"es": "apellido paterno", "en": "paternal surname"},
    "maternal_surname": {"es": "apellido materno", "en": "maternal surname"},
    "surname": {"es": "apellido", "en": "surname"},
    "name": {"es": "nombre completo", "en": "full name"},
    "alias": {"es": "alias", "en": "alias"},
    "birth_date": {"es": "fecha de nacimiento", "en": "birth date"},
    "sex": {"es": "sexo", "en": "sex"},
    "nationality": {"es": "nacionalidad", "en": "nationality"},
    "identifier": {"es": "identificador", "en": "identifier"},
    "curp": {"es": "CURP", "en": "CURP"},
    "surname_order": {"es": "orden de apellidos", "en": "surname order"},
    "name_form": {"es": "forma del nombre", "en": "name form"},
}

METHODS: dict[str, dict[str, str]] = {
    "exact": {"es": "idéntico", "en": "exact"},
    "folded": {"es": "igual sin acentos", "en": "same without accents"},
    "phonetic": {"es": "suena igual", "en": "sounds the same"},
    "nickname": {"es": "hipocorístico", "en": "nickname"},
    "abbreviation": {"es": "abreviatura", "en": "abbreviation"},
    "initial": {"es": "inicial", "en": "initial"},
    "typo": {"es": "error de escritura", "en": "typing error"},
    "fuzzy": {"es": "parecido", "en": "similar"},
    "particle": {"es": "partícula unida o separada", "en": "particle joined or apart"},
    "swapped": {"es": "orden cambiado", "en": "order swapped"},
    "missing": {"es": "falta en un lado", "en": "missing on one side"},
    "mismatch": {"es": "distinto", "en": "different"},
    "conflict": {"es": "contradice", "en": "conflicts"},
    "partial": {"es": "coincide en parte", "en": "partly matches"},
    "day_month_swap": {"es": "día y mes invertidos", "en": "day and month swapped"},
    "year_off": {"es": "un año de diferencia", "en": "one year off"},
    "year_only": {"es": "solo el año", "en": "year only"},
    "unknown": {"es": "sin dato", "en": "unknown"},
    "equal": {"es": "igual", "en": "equal"},
    "rare": {"es": "poco común", "en": "rare"},
    "common": {"es": "muy común", "en": "very common"},
    "second_name": {"es": "segundo nombre", "en": "second given name"},
    "alias": {"es": "coincide con un alias", "en": "matched an alias"},
    "transliterated": {"es": "transliterado de otra escritura", "en": "transliterated from another script"},
}


NOTICE_KINDS: dict[str, dict[str, str]] = {
    "warrant": {"es": "orden de aprehensión", "en": "arrest warrant"},
    "sanction": {"es": "sanción", "en": "sanction"},
    "red": {"es": "notificación roja", "en": "red notice"},
    "yellow": {"es": "notificación amarilla", "en": "yellow notice"},
    "blue": {"es": "notificación azul", "en": "blue notice"},
    "black": {"es": "notificación negra", "en": "black notice"},
    "green": {"es": "notificación verde", "en": "green notice"},
    "orange": {"es": "notificación naranja", "en": "orange notice"},
    "purple": {"es": "notificación morada", "en": "purple notice"},
    "silver": {"es": "notificación plateada", "en": "silver notice"},
    "un": {"es": "notificación especial ONU", "en": "UN special notice"},
    "missing": {"es": "persona desaparecida", "en": "missing person"},
    "notice": {"es": "notificación", "en": "notice"},
}


def resolve_language(requested: str | None = None) -> str:
    """Pick the language from an explicit choice, then CRUCE_LANG, then Spanish.

    Raises ValueError for a language other than es or en.
    """
    choice = (requested or os.environ.get("CRUCE_LANG") or DEFAULT_LANGUAGE).strip().lower()
    if choice not in LANGUAGES:
        raise ValueError(choice)
    return choice


def language_from_header(accept_language: str | None) -> str:
    """Pick es or en from an HTTP Accept-Language header, honouring q-values; Spanish by default."""
    if not accept_language:
        return DEFAULT_LANGUAGE

    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept_language.split(",")):
        pieces = item.strip().split(";")
        tag = pieces[0].strip().lower()
        weight = 1.0
        for piece in pieces[1:]:
            key, _, value = piece.strip().partition("=")
            if key == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        primary = tag.split("-")[0]
        if primary in LANGUAGES and weight > 0:
            ranked.append((-weight, position, primary))

    if not ranked:
        return DEFAULT_LANGUAGE
    return min(ranked)[2]


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """Render message ``key`` in ``language`` with ``params``; an unknown key renders as itself."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(language) or entry[DEFAULT_LANGUAGE]
    return format_message(template, language, params)


# A plural choice in a template: {count|one form|other form} writes the first form when count is 1.
_PLURAL_CHOICE = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")


def format_message(template: str, language: str, params: Mapping[str, Any], missing: str | None = None) -> str:
    """Fill a message template in ``language``.

    A parameter that is a ``Message`` is rendered in the same language first.
    Each ``{count|singular|plural}`` choice becomes the singular form when the
    parameter ``count`` is 1 or -1, and the plural form for any other value
    (0 included, because both languages write "0 filas" and "0 rows").
    Then ``str.format`` fills the remaining fields. A field without a parameter
    raises KeyError, or shows ``missing`` when that is given.
    """
    values: dict[str, Any] = {name: value.render(language) if isinstance(value, Message) else value for name, value in params.items()}
    if missing is not None:
        values = defaultdict(lambda: missing, values)

    def choose(match: re.Match[str]) -> str:
        return match.group(2) if _is_one(values.get(match.group(1))) else match.group(3)

    return _PLURAL_CHOICE.sub(choose, template).format_map(values)


def _is_one(count: Any) -> bool:
    if isinstance(count, bool) or not isinstance(count, (int, float)):
        return False
    return abs(count) == 1


@dataclass(frozen=True)
class Message:
    """A message key and its parameters, rendered once the caller's language is known.

    Pass one as a parameter of another message (a row problem inside a file
    error, the reason inside a JSON error) and it renders in that message's language.
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: str) -> str:
        return translate(self.key, language, **self.params)

    def __str__(self) -> str:
        return self.render("en")


def name_list(names: list[str], shown: int = 10) -> Message:
    """Quote the first ``shown`` names and count the rest, so a header of thousands of columns stays readable."""
    quoted = ", ".join(repr(name) for name in names[:shown]) or "-"
    hidden = len(names) - shown
    if hidden <= 0:
        return Message("list.all", {"names": quoted})
    return Message("list.more", {"names": quoted, "count": hidden})


# The start of each error message of CPython's json module; an unlisted message gets the generic reason.
_JSON_REASONS = (
    ("Expecting value", "json.reason.value"),
    ("Expecting property name", "json.reason.property_name"),
    ("Expecting ':'", "json.reason.colon"),
    ("Expecting ',' delimiter", "json.reason.comma"),
    ("Unterminated string", "json.reason.unterminated"),
    ("Invalid control character", "json.reason.control_character"),
    ("Invalid \\escape", "json.reason.escape"),
    ("Invalid \\uXXXX escape", "json.reason.escape"),
    ("Extra data", "json.reason.extra_data"),
    ("Illegal trailing comma", "json.reason.trailing_comma"),
)


def json_error(error: json.JSONDecodeError) -> Message:
    """Describe a JSON syntax error by its column and a translatable reason."""
    reason = next((key for start, key in _JSON_REASONS if error.msg.startswith(start)), "json.reason.other")
    return Message("json.invalid", {"column": error.colno, "reason": Message(reason)})


# A piece of each error message of CPython's csv module; an unlisted message gets the generic sentence.
_CSV_REASONS = (
    ("unexpected end of data", "csv.unexpected_end"),
    ("field larger than field limit", "csv.field_too_large"),
    ("expected after", "csv.quote_then_text"),
    ("new-line character seen in unquoted field", "csv.newline_unquoted"),
    ("NUL", "csv.null_byte"),
)


def csv_error(error: Exception) -> Message:
    """Describe an error of the csv module in a translatable sentence."""
    text = str(error)
    return Message(next((key for piece, key in _CSV_REASONS if piece in text), "csv.other"))


def json_type(value: Any) -> Message:
    """Name the JSON type of a decoded value (object, array, string, number, boolean, null)."""
    if isinstance(value, dict):
        name = "object"
    elif isinstance(value, (list, tuple)):
        name = "array"
    elif isinstance(value, str):
        name = "string"
    elif isinstance(value, bool):
        name = "boolean"
    elif isinstance(value, (int, float)):
        name = "number"
    elif value is None:
        name = "null"
    else:
        name = "other"
    return Message(f"json.type.{name}")


def feature_label(feature: str, language: str) -> str:
    return FEATURES.get(feature, {}).get(language, feature)


def method_label(method: str, language: str) -> str:
    return METHODS.get(method, {}).get(language, method)


def notice_label(kind: str, language: str) -> str:
    return NOTICE_KINDS.get(kind, {}).get(language, kind)


class UserError(Exception):
    """An error caused by the caller's input, rendered in the caller's language.

    ``status`` is the HTTP status the API returns for it; the CLI exits non-zero.
    """

    def __init__(self, key: str, status: int = 422, **params: Any) -> None:
        super().__init__(translate(key, "en", **params))
        self.key = key
        self.status = status
        self.params = params

    def render(self, language: str) -> str:
        return translate(self.key, language, **self.params)
