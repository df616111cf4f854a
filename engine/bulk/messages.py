"""User-facing messages of bulk match jobs, in Spanish and English, merged into ``engine.i18n.MESSAGES``."""

from __future__ import annotations

from engine.i18n import MESSAGES

BULK_MESSAGES: dict[str, dict[str, str]] = {
    # Input.
    "bulk.input_missing": {
        "es": "No se encontró el archivo de entrada {value!r}. Revise la ruta.",
        "en": "Input file not found: {value!r}. Check the path.",
    },
    "bulk.input_format": {
        "es": "Formato de entrada desconocido: {value!r}. Use csv o jsonl.",
        "en": "Unknown input format: {value!r}. Use csv or jsonl.",
    },
    "bulk.input_empty": {
        "es": "El archivo de entrada no tiene encabezado ni filas.",
        "en": "The input file has no header and no rows.",
    },
    "bulk.no_name_column": {
        "es": "Ninguna columna contiene el nombre. Columnas encontradas: {columns}. Indique una con --map name=COLUMNA (o given_names, paternal_surname).",
        "en": "No column holds the name. Columns found: {columns}. Name one with --map name=COLUMN (or given_names, paternal_surname).",
    },
    "bulk.mapping_invalid": {
        "es": "Asignación de columna no válida: {value!r}. Use CAMPO=COLUMNA, con CAMPO entre: {fields}.",
        "en": "Invalid column mapping: {value!r}. Use FIELD=COLUMN, with FIELD one of: {fields}.",
    },
    "bulk.mapping_column_missing": {
        "es": "La columna {column!r} asignada a {field} no está en el encabezado. Columnas encontradas: {columns}.",
        "en": "Column {column!r} mapped to {field} is not in the header. Columns found: {columns}.",
    },
    "bulk.mapping_file_invalid": {
        "es": "Archivo de asignación de columnas no válido {value!r}: {problem}. Use TOML o JSON con pares campo = \"columna\".",
        "en": "Invalid column mapping file {value!r}: {problem}. Use TOML or JSON with field = \"column\" pairs.",
    },
    # Rows that go to the errors file.
    "bulk.row.no_name": {
        "es": "La fila no tiene nombre ni apellidos.",
        "en": "The row has no name and no surnames.",
    },
    "bulk.row.not_json": {
        "es": "La línea no es JSON válido en la columna {column}: {reason}.",
        "en": "The line is not valid JSON at column {column}: {reason}.",
    },
    "bulk.row.not_object": {
        "es": "La línea es {type} y no un objeto JSON con los campos de la persona.",
        "en": "The line is {type}, not a JSON object with the person's fields.",
    },
    "bulk.row.number_too_long": {
        "es": "La línea tiene un número con demasiadas cifras para leerlo.",
        "en": "The line has a number with too many digits to read.",
    },
    "bulk.row.bad_csv": {
        "es": "La fila CSV no se puede leer: {problem}.",
        "en": "The CSV row cannot be read: {problem}.",
    },
    "bulk.row.failed": {
        "es": "La búsqueda de esta fila falló: {problem}",
        "en": "Matching this row failed: {problem}",
    },
    # Options and jobs.
    "bulk.k_invalid": {
        "es": "Número de coincidencias por fila no válido: {value!r}. Use un número entre 1 y {maximum}.",
        "en": "Invalid number of hits per row: {value!r}. Use a number between 1 and {maximum}.",
    },
    "bulk.min_band_invalid": {
        "es": "Banda mínima no válida: {value!r}. Use strong, possible o weak.",
        "en": "Invalid minimum band: {value!r}. Use strong, possible or weak.",
    },
    "bulk.format_invalid": {
        "es": "Formato de salida no válido: {value!r}. Use csv o jsonl.",
        "en": "Invalid output format: {value!r}. Use csv or jsonl.",
    },
    "bulk.workers_invalid": {
        "es": "Número de procesos no válido: {value!r}. Use un número entre 1 y {maximum}.",
        "en": "Invalid number of worker processes: {value!r}. Use a number between 1 and {maximum}.",
    },
    "bulk.out_required": {
        "es": "Falta el archivo de salida. Indique --out RESULTADOS.csv.",
        "en": "The output file is missing. Pass --out RESULTS.csv.",
    },
    "bulk.job_unknown": {
        "es": "No existe el trabajo {job_id!r}. Liste los trabajos con GET /v1/bulk-jobs.",
        "en": "No job {job_id!r}. List the jobs with GET /v1/bulk-jobs.",
    },
    "bulk.job_running": {
        "es": "El trabajo {job_id} ya se está ejecutando en otro proceso.",
        "en": "Job {job_id} is already running in another process.",
    },
    "bulk.write_failed": {
        "es": "No se pudo escribir la salida del trabajo ({reason}). Libere espacio o corrija los permisos y continúe con: cruce bulk --resume {job_id}",
        "en": "The job's output could not be written ({reason}). Free some space or fix the permissions, then continue with: cruce bulk --resume {job_id}",
    },
    "bulk.failed": {
        "es": "El trabajo se detuvo por un error ({detail}). Corrija la causa (por ejemplo, una fuente caída) y continúe con: cruce bulk --resume {job_id}",
        "en": "The job stopped on an error ({detail}). Fix the cause (a source that is down, for example) and continue with: cruce bulk --resume {job_id}",
    },
    "bulk.snapshot_failed": {
        "es": "No se pudo preparar el cruce en {directory} ({reason}). Libere espacio en la carpeta de trabajos y vuelva a intentarlo con --resume.",
        "en": "The match could not be prepared in {directory} ({reason}). Free some space in the jobs folder and try again with --resume.",
    },
    "bulk.job_finished": {
        "es": "El trabajo {job_id} ya terminó en estado {state}; no hay nada que reanudar.",
        "en": "Job {job_id} already ended as {state}; there is nothing to resume.",
    },
    "bulk.input_changed": {
        "es": "El archivo de entrada {value!r} cambió desde que empezó el trabajo; no se puede reanudar sin duplicar o perder filas. Inicie un trabajo nuevo.",
        "en": "The input file {value!r} changed since the job started; resuming could duplicate or lose rows. Start a new job.",
    },
    "bulk.output_missing": {
        "es": "El archivo de salida {value!r} es más corto que el último punto de control; no se puede reanudar. Inicie un trabajo nuevo.",
        "en": "The output file {value!r} is shorter than the last checkpoint; the job cannot resume. Start a new job.",
    },
    "bulk.results_not_ready": {
        "es": "Los resultados del trabajo {job_id} aún no están listos (estado: {state}).",
        "en": "The results of job {job_id} are not ready yet (state: {state}).",
    },
    "bulk.upload_too_large": {
        "es": "El archivo enviado pesa más de {maximum} {maximum|byte|bytes}. Divida la lista en archivos más pequeños o use `cruce bulk` en el servidor.",
        "en": "The uploaded file is larger than {maximum} {maximum|byte|bytes}. Split the list into smaller files or run `cruce bulk` on the server.",
    },
    "bulk.too_many_rows": {
        "es": "El archivo tiene más de {maximum} {maximum|fila|filas}. Divida la lista o use `cruce bulk` en el servidor.",
        "en": "The file has more than {maximum} {maximum|row|rows}. Split the list or run `cruce bulk` on the server.",
    },
    "bulk.upload_empty": {
        "es": "No se recibió ningún archivo. Envíe el archivo como multipart (campo file) o como cuerpo de la solicitud.",
        "en": "No file was received. Send the file as multipart (field file) or as the request body.",
    },
    # Command line.
    "bulk.progress": {"es": "Cruzando", "en": "Matching"},
    "bulk.started": {
        "es": "Trabajo {job_id}: {rows} {rows|fila|filas} aprox. Si se interrumpe, continúe con: cruce bulk --resume {job_id}",
        "en": "Job {job_id}: about {rows} {rows|row|rows}. If it stops, continue with: cruce bulk --resume {job_id}",
    },
    "bulk.resuming": {
        "es": "Reanudando el trabajo {job_id} desde la fila {row}.",
        "en": "Resuming job {job_id} from row {row}.",
    },
    "bulk.summary": {
        "es": "{rows} {rows|fila|filas} en {seconds:.1f} s ({rate:,.0f} filas/s): {strong} {strong|fuerte|fuertes}, {possible} {possible|posible|posibles}, {weak} {weak|débil|débiles}, {errors} {errors|fila|filas} con error. Resultados: {output}",
        "en": "{rows} {rows|row|rows} in {seconds:.1f} s ({rate:,.0f} rows/s): {strong} strong, {possible} possible, {weak} weak, {errors} {errors|row|rows} with errors. Results: {output}",
    },
    "bulk.errors_written": {
        "es": "Filas con error: {path}",
        "en": "Rows with errors: {path}",
    },
    "bulk.cancelled": {
        "es": "Trabajo {job_id} cancelado en la fila {row}.",
        "en": "Job {job_id} cancelled at row {row}.",
    },
}

for _key, _texts in BULK_MESSAGES.items():
    MESSAGES.setdefault(_key, _texts)
