"""User-facing messages in Spanish (the default) and English.

Every message that reaches an officer, an analyst or an API client is looked up
here by a stable key, so the engine raises errors with a key and parameters and
the CLI or the API renders them in the caller's language.
"""

from __future__ import annotations

import os
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
        "es": "{count} coincidencias para {query!r} (fuentes: {sources})",
        "en": "{count} matches for {query!r} (sources: {sources})",
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
        "es": "Importados {accepted} registros en la fuente {source} ({stale} sin cambios por versión, {rejected} rechazados, {problems} filas con errores) en {seconds:.1f} s.",
        "en": "Imported {accepted} records into source {source} ({stale} unchanged by version, {rejected} rejected, {problems} rows with errors) in {seconds:.1f} s.",
    },
    "ingest.progress": {"es": "Importando", "en": "Importing"},
    "demo.loading": {
        "es": "Cargando datos de demostración: {national} personas nacionales generadas y la lista OFAC SDN real.",
        "en": "Loading demo data: {national} generated national persons and the real OFAC SDN list.",
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
        "es": "Fuente {source} ({owner}, {backend}): {persons} personas, {documents} documentos, {vehicles} vehículos.",
        "en": "Source {source} ({owner}, {backend}): {persons} persons, {documents} documents, {vehicles} vehicles.",
    },
    "not_ready": {
        "es": "No listo: {problem}",
        "en": "Not ready: {problem}",
    },
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
    return template.format(**params)


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
