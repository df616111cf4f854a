"""Text of the web pages in Spanish (the default) and English, looked up by a stable key.

Engine errors and search messages come from :mod:`engine.i18n`. This table
contains only what the pages add: labels, hints, headings and the form errors
that the pages raise themselves.
"""

from __future__ import annotations

from typing import Any

from engine.i18n import DEFAULT_LANGUAGE, format_message

PAGE_MESSAGES: dict[str, dict[str, str]] = {
    # Layout shared by every page.
    "app.name": {"es": "Cruce", "en": "Cruce"},
    "app.tagline": {
        "es": "Consulta federada de registros policiales",
        "en": "Federated search of police records",
    },
    "skip.content": {"es": "Saltar al contenido", "en": "Skip to content"},
    "nav.label": {"es": "Secciones", "en": "Sections"},
    "nav.search": {"es": "Personas", "en": "Persons"},
    "nav.border": {"es": "Frontera", "en": "Border"},
    "nav.analyst": {"es": "Cotejo masivo", "en": "Bulk matching"},
    "language.label": {"es": "Idioma", "en": "Language"},
    "language.es": {"es": "Español", "en": "Español"},
    "language.en": {"es": "English", "en": "English"},
    "footer.note": {
        "es": "Cada consulta queda registrada. Use los resultados como indicio y confirme la identidad antes de actuar.",
        "en": "Every query is logged. Treat results as leads and confirm the identity before acting.",
    },
    "errors.heading": {"es": "Revise el formulario", "en": "Check the form"},
    "login.title": {"es": "Acceso", "en": "Sign in"},
    "login.intro": {
        "es": "Escriba la clave de API que le dio el administrador. Se guarda en este navegador durante 12 horas como máximo.",
        "en": "Type the API key your administrator gave you. This browser keeps it for 12 hours at most.",
    },
    "login.key": {"es": "Clave de API", "en": "API key"},
    "login.submit": {"es": "Entrar", "en": "Sign in"},
    "error.internal": {
        "es": "Error interno ({reference}). El incidente quedó registrado; intente de nuevo o avise al administrador.",
        "en": "Internal error ({reference}). The incident was logged; try again or tell the administrator.",
    },
    # Officer search form.
    "search.title": {"es": "Búsqueda de personas", "en": "Person search"},
    "search.intro": {
        "es": "Escriba el nombre como lo tenga. Cruce consulta todas las fuentes a la vez y ordena las coincidencias.",
        "en": "Type the name as you have it. Cruce searches every source at once and ranks the matches.",
    },
    "field.full_name": {"es": "Nombre completo", "en": "Full name"},
    "hint.full_name": {
        "es": "Por ejemplo: José Luis Hernández García, HERNÁNDEZ GARCÍA, José Luis, o solo un apellido.",
        "en": "For example: José Luis Hernández García, HERNÁNDEZ GARCÍA, José Luis, or one surname.",
    },
    "field.parts": {"es": "O bien, el nombre por partes", "en": "Or the name in parts"},
    "field.given_names": {"es": "Nombre(s)", "en": "Given names"},
    "field.paternal_surname": {"es": "Apellido paterno", "en": "Paternal surname"},
    "field.maternal_surname": {"es": "Apellido materno", "en": "Maternal surname"},
    "field.birth_date": {"es": "Fecha de nacimiento (opcional)", "en": "Birth date (optional)"},
    "hint.birth_date": {
        "es": "dd/mm/aaaa, mm/aaaa o solo el año aaaa.",
        "en": "dd/mm/yyyy, mm/yyyy or the year yyyy alone.",
    },
    "field.sex": {"es": "Sexo (opcional)", "en": "Sex (optional)"},
    "sex.any": {"es": "Sin indicar", "en": "Not given"},
    "sex.M": {"es": "Masculino", "en": "Male"},
    "sex.F": {"es": "Femenino", "en": "Female"},
    "sex.X": {"es": "No especificado (X)", "en": "Unspecified (X)"},
    "field.nationality": {"es": "Nacionalidad (opcional)", "en": "Nationality (optional)"},
    "hint.nationality": {
        "es": "Código de país de dos letras, por ejemplo MX.",
        "en": "Two-letter country code, for example MX.",
    },
    "button.search": {"es": "Buscar", "en": "Search"},
    "form.name_twice": {
        "es": "Escriba el nombre completo o el nombre por partes, no los dos.",
        "en": "Type either the full name or the name in parts, not both.",
    },
    "form.birth_date": {
        "es": "Fecha de nacimiento no válida: {value!r}. Use dd/mm/aaaa, mm/aaaa o aaaa (por ejemplo 31/07/1964).",
        "en": "Invalid birth date: {value!r}. Use dd/mm/yyyy, mm/yyyy or yyyy (for example 31/07/1964).",
    },
    # Officer search results.
    "results.heading": {"es": "Resultados", "en": "Results"},
    "results.took": {"es": "Respuesta en {milliseconds} ms.", "en": "Answered in {milliseconds} ms."},
    "results.partial": {"es": "Resultados incompletos", "en": "Incomplete results"},
    "hit.rank": {"es": "Coincidencia {rank}", "en": "Match {rank}"},
    "hit.score": {"es": "Puntuación", "en": "Score"},
    "hit.band": {"es": "Coincidencia {band}", "en": "{band} match"},
    "hit.source": {"es": "Fuente", "en": "Source"},
    "hit.owner": {"es": "País propietario", "en": "Owner country"},
    "hit.also_in": {"es": "También en", "en": "Also in"},
    "hit.record_id": {"es": "Registro", "en": "Record"},
    "hit.birth_dates": {"es": "Nacimiento", "en": "Born"},
    "hit.sex": {"es": "Sexo", "en": "Sex"},
    "hit.nationalities": {"es": "Nacionalidad", "en": "Nationality"},
    "hit.aliases": {"es": "Alias", "en": "Aliases"},
    "hit.no_notice": {
        "es": "Sin aviso ni orden registrada en la fuente.",
        "en": "No notice or warrant recorded in the source.",
    },
    "compare.caption": {"es": "Nombre buscado frente al registro", "en": "Name searched against the record"},
    "compare.part": {"es": "Parte", "en": "Part"},
    "compare.query": {"es": "Consulta", "en": "Query"},
    "compare.record": {"es": "Registro", "en": "Record"},
    "compare.result": {"es": "Resultado", "en": "Result"},
    "explain.summary": {"es": "Por qué coincide", "en": "Why it matched"},
    "explain.caption": {
        "es": "Aporte de cada dato a la puntuación, de mayor a menor",
        "en": "What each value added to the score, largest first",
    },
    "explain.feature": {"es": "Dato", "en": "Value"},
    "explain.how": {"es": "Comparación", "en": "Comparison"},
    "explain.points": {"es": "Puntos", "en": "Points"},
    "feature.name_form": {"es": "forma del nombre", "en": "name form"},
    "method.alias": {"es": "por un alias", "en": "through an alias"},
    "notice.reference": {"es": "ref. {reference}", "en": "ref. {reference}"},
    "notice.issuer": {"es": "emitida por {issuer}", "en": "issued by {issuer}"},
    "notice.program": {"es": "programa {program}", "en": "programme {program}"},
    "notice.charges": {"es": "Cargos: {charges}", "en": "Charges: {charges}"},
    "notice.kind.warrant": {"es": "Orden de aprehensión", "en": "Arrest warrant"},
    "notice.kind.sanction": {"es": "Sanción", "en": "Sanction"},
    "notice.kind.red": {"es": "Notificación roja", "en": "Red notice"},
    "notice.kind.yellow": {"es": "Notificación amarilla", "en": "Yellow notice"},
    "notice.kind.blue": {"es": "Notificación azul", "en": "Blue notice"},
    "notice.kind.green": {"es": "Notificación verde", "en": "Green notice"},
    "notice.kind.black": {"es": "Notificación negra", "en": "Black notice"},
    "notice.kind.orange": {"es": "Notificación naranja", "en": "Orange notice"},
    "notice.kind.purple": {"es": "Notificación morada", "en": "Purple notice"},
    "notice.kind.un": {"es": "Notificación especial INTERPOL-ONU", "en": "INTERPOL-UN special notice"},
    "notice.kind.notice": {"es": "Notificación", "en": "Notice"},
    "date.circa": {"es": "hacia {date}", "en": "circa {date}"},
    # Border page.
    "border.title": {"es": "Control fronterizo", "en": "Border check"},
    "border.intro": {
        "es": "Pegue o escanee las líneas de la zona de lectura mecánica (MRZ) del pasaporte, la tarjeta o el visado.",
        "en": "Paste or scan the machine-readable zone (MRZ) lines of the passport, card or visa.",
    },
    "field.mrz": {"es": "Líneas MRZ", "en": "MRZ lines"},
    "hint.mrz": {
        "es": "Dos o tres líneas, tal como salen del lector. Se toleran minúsculas, espacios y rellenos finales ausentes.",
        "en": "Two or three lines, as the reader gives them. Lowercase, spaces and missing trailing fillers are tolerated.",
    },
    "button.check": {"es": "Verificar documento", "en": "Check document"},
    "mrz.valid": {"es": "MRZ válida: todos los dígitos de control coinciden.", "en": "Valid MRZ: every check digit matches."},
    "mrz.repaired": {
        "es": "MRZ válida tras {count} {count|reparación|reparaciones} de lectura. Compare con el documento físico.",
        "en": "Valid MRZ after {count} reading {count|repair|repairs}. Compare with the physical document.",
    },
    "mrz.invalid": {
        "es": "MRZ con errores: revise los campos marcados y el documento físico.",
        "en": "MRZ with errors: check the marked fields and the physical document.",
    },
    "mrz.fields": {"es": "Datos leídos", "en": "Fields read"},
    "mrz.lines": {"es": "Líneas leídas (reparaciones resaltadas)", "en": "Lines read (repairs highlighted)"},
    "mrz.check_digits": {"es": "Dígitos de control", "en": "Check digits"},
    "mrz.check_passed": {"es": "correcto", "en": "passed"},
    "mrz.check_failed": {"es": "no coincide", "en": "failed"},
    "mrz.repairs": {"es": "Reparaciones", "en": "Repairs"},
    "mrz.repair": {
        "es": "Línea {line}, columna {column} ({field}): se leyó «{original}» y se corrigió a «{replacement}».",
        "en": "Line {line}, column {column} ({field}): read as “{original}”, repaired to “{replacement}”.",
    },
    "mrz.problems": {"es": "Problemas", "en": "Problems"},
    "mrz.warnings": {"es": "Avisos", "en": "Warnings"},
    "mrz.where": {"es": "Línea {line}, columna {column}", "en": "Line {line}, column {column}"},
    "mrz.expired": {"es": "vencido", "en": "expired"},
    "document.heading": {"es": "Documento", "en": "Document"},
    "document.clear": {
        "es": "El documento {number} ({country}) no figura como robado, extraviado ni revocado en las fuentes consultadas.",
        "en": "Document {number} ({country}) is not listed as stolen, lost or revoked in the sources searched.",
    },
    "document.listed": {
        "es": "ALERTA: el documento {number} ({country}) figura como {reason} en la fuente {source} (país propietario {owner}, registro {record_id}).",
        "en": "ALERT: document {number} ({country}) is listed as {reason} in source {source} (owner country {owner}, record {record_id}).",
    },
    "document.unchecked": {
        "es": "El documento no se cotejó con la lista de documentos robados o extraviados: esta instalación aún no ofrece ese cotejo.",
        "en": "The document was not checked against the stolen or lost document list: this installation does not offer that check yet.",
    },
    "document.reason.stolen": {"es": "robado", "en": "stolen"},
    "document.reason.lost": {"es": "extraviado", "en": "lost"},
    "document.reason.revoked": {"es": "revocado", "en": "revoked"},
    "document.reason.invalidated": {"es": "invalidado", "en": "invalidated"},
    "holder.heading": {"es": "Titular: coincidencias", "en": "Holder: matches"},
    "holder.skipped": {
        "es": "No se buscó al titular porque la MRZ no trae un nombre legible.",
        "en": "The holder was not searched because the MRZ has no readable name.",
    },
    "mrz_field.format": {"es": "Formato", "en": "Format"},
    "mrz_field.document_code": {"es": "Tipo de documento", "en": "Document code"},
    "mrz_field.issuing_state": {"es": "Estado emisor", "en": "Issuing state"},
    "mrz_field.name": {"es": "Nombre", "en": "Name"},
    "mrz_field.surnames": {"es": "Apellidos", "en": "Surnames"},
    "mrz_field.given_names": {"es": "Nombres", "en": "Given names"},
    "mrz_field.document_number": {"es": "Número de documento", "en": "Document number"},
    "mrz_field.document_number_extension": {"es": "Número de documento (extensión)", "en": "Document number (extension)"},
    "mrz_field.nationality": {"es": "Nacionalidad", "en": "Nationality"},
    "mrz_field.birth_date": {"es": "Fecha de nacimiento", "en": "Birth date"},
    "mrz_field.sex": {"es": "Sexo", "en": "Sex"},
    "mrz_field.expiry_date": {"es": "Fecha de vencimiento", "en": "Expiry date"},
    "mrz_field.optional_data": {"es": "Datos opcionales", "en": "Optional data"},
    "mrz_field.optional_data_2": {"es": "Datos opcionales (2)", "en": "Optional data (2)"},
    "mrz_field.composite": {"es": "Control compuesto", "en": "Composite check"},
    # MRZ errors and problems, by the stable codes of engine.identifiers.errors.
    "mrz_error.mrz.empty": {"es": "No se pegó ninguna línea MRZ.", "en": "No MRZ lines were pasted."},
    "mrz_error.mrz.too_long": {
        "es": "El texto pegado es demasiado largo para ser una MRZ ({size} caracteres; máximo {limit}).",
        "en": "The pasted text is too long to be an MRZ ({size} characters; maximum {limit}).",
    },
    "mrz_error.mrz.binary": {
        "es": "El texto contiene caracteres de control o datos binarios; pegue solo las líneas MRZ.",
        "en": "The text contains control characters or binary data; paste only the MRZ lines.",
    },
    "mrz_error.mrz.line_count": {
        "es": "La MRZ tiene {count} {count|línea|líneas}; debe tener 2 (pasaporte, visado) o 3 (tarjeta).",
        "en": "The MRZ has {count} {count|line|lines}; it must have 2 (passport, visa) or 3 (card).",
    },
    "mrz_error.mrz.line_length": {
        "es": "La línea tiene {length} {length|carácter|caracteres}; se esperaban {expected}.",
        "en": "The line has {length} {length|character|characters}; {expected} were expected.",
    },
    "mrz_error.mrz.character": {
        "es": "El carácter «{character}» no puede ir en una MRZ (solo A-Z, 0-9 y <).",
        "en": "The character “{character}” cannot appear in an MRZ (only A-Z, 0-9 and <).",
    },
    "mrz_error.mrz.character_class": {
        "es": "Hay una letra donde va un dígito, o al revés («{character}»), y no se pudo reparar.",
        "en": "A letter stands where a digit belongs, or the reverse (“{character}”), and it could not be repaired.",
    },
    "mrz_error.mrz.check_digit": {
        "es": "El dígito de control no coincide: se leyó {found}, el campo da {expected}.",
        "en": "The check digit does not match: read {found}, the field gives {expected}.",
    },
    "mrz_error.mrz.date": {"es": "No es una fecha del calendario.", "en": "It is not a calendar date."},
    "mrz_error.mrz.sex": {
        "es": "El sexo debe ser M, F, X o <; se leyó «{character}».",
        "en": "The sex must be M, F, X or <; read “{character}”.",
    },
    "mrz_error.mrz.document_code": {
        "es": "El tipo de documento no es habitual para este formato (se esperaba una de: {expected}).",
        "en": "The document code is unusual for this format (expected one of: {expected}).",
    },
    "mrz_error.mrz.unknown_country": {
        "es": "El código de país no está en la lista de la OACI.",
        "en": "The country code is not in the ICAO list.",
    },
    "mrz_error.mrz.name_truncated": {
        "es": "El campo del nombre está lleno: el nombre puede estar truncado.",
        "en": "The name field is full: the name may be truncated.",
    },
    "mrz_error.mrz.padded": {
        "es": "La línea era más corta que su formato y se completó con {added} {added|relleno|rellenos} <.",
        "en": "The line was shorter than its format and was padded with {added} < {added|filler|fillers}.",
    },
    "mrz_error.unknown": {"es": "MRZ no válida: {message}", "en": "Invalid MRZ: {message}"},
    # Analyst page.
    "analyst.title": {"es": "Cotejo masivo", "en": "Bulk matching"},
    "analyst.intro": {
        "es": "Suba una lista (CSV o JSON Lines) para cotejarla con todas las fuentes.",
        "en": "Upload a list (CSV or JSON Lines) to match it against every source.",
    },
    "analyst.unavailable": {
        "es": "El cotejo masivo aún no está disponible en esta instalación.",
        "en": "Bulk matching is not available in this installation yet.",
    },
    "analyst.noscript": {
        "es": "Para subir una lista, active JavaScript en el navegador o use la orden cruce bulk.",
        "en": "To upload a list, turn on JavaScript in the browser or use the cruce bulk command.",
    },
    "field.file": {"es": "Archivo de la lista", "en": "List file"},
    "hint.file": {
        "es": "CSV (cualquier separador; UTF-8 o Latin-1) o JSON Lines, una persona por fila.",
        "en": "CSV (any delimiter; UTF-8 or Latin-1) or JSON Lines, one person per row.",
    },
    "file.columns": {"es": "Columnas del archivo: {columns}", "en": "Columns in the file: {columns}"},
    "field.mapping": {"es": "Columnas", "en": "Columns"},
    "hint.mapping": {
        "es": "Automático reconoce los encabezados habituales en español e inglés (Nombre, Apellido paterno, Fecha de nacimiento…).",
        "en": "Automatic recognises the usual headers in Spanish and English (Name, Surname, Date of birth…).",
    },
    "mapping.auto": {"es": "Automático", "en": "Automatic"},
    "map.name": {"es": "Nombre completo", "en": "Full name"},
    "map.given_names": {"es": "Nombre(s)", "en": "Given names"},
    "map.paternal_surname": {"es": "Apellido paterno", "en": "Paternal surname"},
    "map.maternal_surname": {"es": "Apellido materno", "en": "Maternal surname"},
    "map.birth_date": {"es": "Fecha de nacimiento", "en": "Birth date"},
    "map.sex": {"es": "Sexo", "en": "Sex"},
    "map.nationality": {"es": "Nacionalidad", "en": "Nationality"},
    "map.document": {"es": "Número de documento", "en": "Document number"},
    "field.output_format": {"es": "Formato de resultados", "en": "Results format"},
    "field.k": {"es": "Coincidencias por fila (1-20)", "en": "Matches per row (1-20)"},
    "field.min_band": {"es": "Banda mínima", "en": "Minimum band"},
    "band.strong": {"es": "fuerte", "en": "strong"},
    "band.possible": {"es": "posible", "en": "possible"},
    "band.weak": {"es": "débil", "en": "weak"},
    "button.start": {"es": "Iniciar cotejo", "en": "Start matching"},
    "job.uploading": {"es": "Subiendo la lista…", "en": "Uploading the list…"},
    "job.upload_failed": {"es": "No se pudo subir la lista: {message}", "en": "The list could not be uploaded: {message}"},
    "jobs.heading": {"es": "Mis cotejos", "en": "My jobs"},
    "jobs.none": {"es": "Todavía no hay cotejos.", "en": "No jobs yet."},
    "jobs.id": {"es": "Cotejo", "en": "Job"},
    "jobs.created": {"es": "Creado", "en": "Created"},
    "jobs.state": {"es": "Estado", "en": "State"},
    "jobs.progress": {"es": "Avance", "en": "Progress"},
    "jobs.rows": {"es": "Filas", "en": "Rows"},
    "jobs.hits": {"es": "Filas por mejor banda", "en": "Rows by best band"},
    "jobs.actions": {"es": "Acciones", "en": "Actions"},
    "job.state.queued": {"es": "en cola", "en": "queued"},
    "job.state.running": {"es": "en curso", "en": "running"},
    "job.state.done": {"es": "terminado", "en": "done"},
    "job.state.failed": {"es": "falló", "en": "failed"},
    "job.state.cancelled": {"es": "cancelado", "en": "cancelled"},
    "job.state.interrupted": {"es": "interrumpido", "en": "interrupted"},
    "job.errors": {"es": "filas con errores", "en": "rows with errors"},
    "job.rate": {"es": "filas/s", "en": "rows/s"},
    "job.download": {"es": "Descargar resultados", "en": "Download results"},
    "job.download_errors": {"es": "Descargar errores", "en": "Download errors"},
    "job.delete": {"es": "Cancelar y borrar", "en": "Cancel and delete"},
    "job.progress_label": {"es": "Avance del cotejo {job_id}", "en": "Progress of job {job_id}"},
}


def page_text(key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """Render page message ``key`` in ``language``; an unknown key renders as itself so a gap shows."""
    entry = PAGE_MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(language) or entry[DEFAULT_LANGUAGE]
    return format_message(template, language, params) if params else template
