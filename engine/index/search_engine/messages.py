"""User-facing messages of `cruce reindex`, in Spanish and English, merged into ``engine.i18n.MESSAGES``."""

from __future__ import annotations

from engine.i18n import MESSAGES

REINDEX_MESSAGES: dict[str, dict[str, str]] = {
    "reindex.embedded_source": {
        "es": "La fuente {source} usa el índice embebido: reindex solo se aplica a fuentes elasticsearch u opensearch.",
        "en": "Source {source} uses the embedded index: reindex applies only to elasticsearch or opensearch sources.",
    },
    "reindex.kind_invalid": {
        "es": "Tipo de registro no válido: {value!r}. Use person, travel_document o vehicle.",
        "en": "Invalid record kind: {value!r}. Use person, travel_document or vehicle.",
    },
    "reindex.replicas_invalid": {
        "es": "Número de réplicas no válido: {value!r}. Use un número entre 0 y 10.",
        "en": "Invalid number of replicas: {value!r}. Use a number between 0 and 10.",
    },
    "reindex.no_alias": {
        "es": "El alias {alias} no existe en {url}: la fuente {source} aún no tiene índices. Importe registros primero.",
        "en": "Alias {alias} does not exist on {url}: source {source} has no indices yet. Import records first.",
    },
    "reindex.no_older_version": {
        "es": "El alias {alias} apunta a {index}, que no tiene una versión anterior a la cual volver. Nada cambió.",
        "en": "Alias {alias} points to {index}, which has no older version to roll back to. Nothing changed.",
    },
    "reindex.engine_failed": {
        "es": "El motor de búsqueda {url} de la fuente {source} falló: {problem}",
        "en": "The search engine {url} of source {source} failed: {problem}",
    },
    "reindex.shared_indices": {
        "es": "Las fuentes {sources} comparten estos índices (prefijo {prefix}); el cambio también las afecta.",
        "en": "Sources {sources} share these indices (prefix {prefix}); the change affects them too.",
    },
    "reindex.done": {
        "es": "{alias}: ahora apunta a {new} (antes {old}); {count} registros copiados.",
        "en": "{alias}: now points to {new} (was {old}); {count} records copied.",
    },
    "reindex.rolled_back": {
        "es": "{alias}: vuelve a {new} (antes {old}); {new} tiene {count} registros. {old} se conserva.",
        "en": "{alias}: back to {new} (was {old}); {new} holds {count} records. {old} is kept.",
    },
}

for _key, _texts in REINDEX_MESSAGES.items():
    MESSAGES.setdefault(_key, _texts)
