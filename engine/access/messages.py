"""User-facing messages of access control, source writes and exports, merged into ``engine.i18n.MESSAGES``."""

from __future__ import annotations

from engine.i18n import MESSAGES

ACCESS_MESSAGES: dict[str, dict[str, str]] = {
    # Authentication and roles.
    "access.key_missing": {
        "es": "Falta la clave de API. Envíela en la cabecera X-API-Key o como Authorization: Bearer CLAVE.",
        "en": "The API key is missing. Send it in the X-API-Key header or as Authorization: Bearer KEY.",
    },
    "access.key_invalid": {
        "es": "La clave de API no es válida. Revise que la copió completa o pida una nueva al administrador.",
        "en": "The API key is invalid. Check that you copied all of it, or ask the administrator for a new one.",
    },
    "access.key_revoked": {
        "es": "La clave de API {key_id} fue revocada. Pida una nueva al administrador.",
        "en": "API key {key_id} has been revoked. Ask the administrator for a new one.",
    },
    "access.role_missing": {
        "es": "Su clave no tiene permiso para esta operación; se necesita uno de estos roles: {roles}.",
        "en": "Your key is not allowed to do this; it needs one of these roles: {roles}.",
    },
    "access.source_forbidden": {
        "es": "Su clave no puede escribir ni exportar la fuente {source}; solo las fuentes {allowed}.",
        "en": "Your key may not write or export source {source}; only sources {allowed}.",
    },
    "access.rate_limited": {
        "es": "Demasiadas solicitudes con esta clave. Espere {seconds} s y vuelva a intentar.",
        "en": "Too many requests with this key. Wait {seconds} s and try again.",
    },
    "access.overloaded": {
        "es": "El servicio está saturado. Vuelva a intentar en {seconds} s.",
        "en": "The service is overloaded. Try again in {seconds} s.",
    },
    "access.timeout": {
        "es": "La fuente {source} no respondió en {milliseconds} ms. Intente de nuevo.",
        "en": "Source {source} did not answer within {milliseconds} ms. Try again.",
    },
    "access.write_timeout": {
        "es": "La escritura en la fuente {source} no terminó en {milliseconds} ms; puede haberse aplicado. Repítala: las versiones evitan duplicados.",
        "en": "The write to source {source} did not finish within {milliseconds} ms and may have been applied. Send it again: versions prevent duplicates.",
    },
    "serve.tls_pair": {
        "es": "Indique --tls-cert y --tls-key juntos (certificado y clave privada en PEM), o ninguno para HTTP.",
        "en": "Give --tls-cert and --tls-key together (certificate and private key in PEM), or neither for HTTP.",
    },
    # Keys.
    "keys.role_invalid": {
        "es": "Rol desconocido: {value!r}. Use officer, border, analyst, source o admin.",
        "en": "Unknown role: {value!r}. Use officer, border, analyst, source or admin.",
    },
    "keys.roles_missing": {
        "es": "Indique al menos un rol con --role (officer, border, analyst, source o admin).",
        "en": "Give at least one role with --role (officer, border, analyst, source or admin).",
    },
    "keys.country_invalid": {
        "es": "País no válido: {value!r}. Use un código ISO 3166 de dos letras, por ejemplo MX.",
        "en": "Invalid country: {value!r}. Use a two-letter ISO 3166 code, for example MX.",
    },
    "keys.agency_invalid": {
        "es": "Agencia no válida: {value!r}. Escriba el nombre de la agencia (1 a 100 caracteres).",
        "en": "Invalid agency: {value!r}. Write the agency's name (1 to 100 characters).",
    },
    "keys.source_needed": {
        "es": "El rol source necesita al menos una fuente; agregue --source NOMBRE.",
        "en": "The source role needs at least one source; add --source NAME.",
    },
    "keys.not_found": {
        "es": "No existe la clave {key_id}. Vea las claves con `cruce keys list`.",
        "en": "No key {key_id}. List the keys with `cruce keys list`.",
    },
    "keys.created": {
        "es": "Clave {key_id} creada para {agency} ({country}), roles: {roles}. Guárdela ahora; no se volverá a mostrar:",
        "en": "Key {key_id} created for {agency} ({country}), roles: {roles}. Store it now; it will not be shown again:",
    },
    "keys.revoked": {
        "es": "Clave {key_id} revocada.",
        "en": "Key {key_id} revoked.",
    },
    "keys.already_revoked": {
        "es": "La clave {key_id} ya estaba revocada.",
        "en": "Key {key_id} was already revoked.",
    },
    "keys.none": {
        "es": "No hay claves. Cree una con `cruce keys create --agency ... --country MX --role officer`.",
        "en": "No keys. Create one with `cruce keys create --agency ... --country MX --role officer`.",
    },
    # Records and source writes.
    "record.not_found": {
        "es": "No se encontró el registro {kind} {record_id} en la fuente {source}.",
        "en": "Record {kind} {record_id} was not found in source {source}.",
    },
    "record.withdrawn": {
        "es": "El registro {kind} {record_id} de la fuente {source} fue retirado.",
        "en": "Record {kind} {record_id} of source {source} has been withdrawn.",
    },
    "record.kind_invalid": {
        "es": "Tipo de registro desconocido: {value!r}. Use person, travel_document o vehicle.",
        "en": "Unknown record kind: {value!r}. Use person, travel_document or vehicle.",
    },
    "records.body_invalid": {
        "es": "El cuerpo debe ser un arreglo JSON de registros o JSON Lines (un objeto por línea).",
        "en": "The body must be a JSON array of records or JSON Lines (one object per line).",
    },
    "records.too_many": {
        "es": "La solicitud trae {count} {count|registro|registros}; el máximo por solicitud es {maximum}. Divídala en partes.",
        "en": "The request carries {count} {count|record|records}; the maximum per request is {maximum}. Split it into parts.",
    },
    "records.empty": {
        "es": "La solicitud no trae registros.",
        "en": "The request carries no records.",
    },
}

MESSAGES.update(ACCESS_MESSAGES)
