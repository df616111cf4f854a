"""User-facing messages of `cruce sync` and GET /v1/sync/status, merged into ``engine.i18n.MESSAGES``."""

from __future__ import annotations

from engine.i18n import MESSAGES

SYNC_MESSAGES: dict[str, dict[str, str]] = {
    "sync.pass": {
        "es": "Sincronización {pair}: {changes} {changes|cambio aplicado|cambios aplicados} en {batches} {batches|lote|lotes} ({copied} {copied|copia guardada|copias guardadas}, {withdrawn} {withdrawn|retirada|retiradas}, {rejected} {rejected|rechazada|rechazadas}); punto de control {seq}.",
        "en": "Sync {pair}: {changes} {changes|change|changes} applied in {batches} {batches|batch|batches} ({copied} {copied|copy|copies} stored, {withdrawn} withdrawn, {rejected} rejected); checkpoint {seq}.",
    },
    "sync.status": {
        "es": "Sincronización {pair}: punto de control {seq} de {newest}; {behind} {behind|cambio pendiente|cambios pendientes}, {seconds:.1f} s de retraso; {applied} {applied|cambio aplicado|cambios aplicados} en total.",
        "en": "Sync {pair}: checkpoint {seq} of {newest}; {behind} {behind|change|changes} pending, {seconds:.1f} s behind; {applied} {applied|change|changes} applied in all.",
    },
    "sync.following": {
        "es": "Siguiendo los cambios de {source} cada {interval} ms; Ctrl+C o SIGTERM para detener.",
        "en": "Following the changes of {source} every {interval} ms; Ctrl+C or SIGTERM stops.",
    },
    "sync.busy": {
        "es": "Otro proceso ya sincroniza {pair}; espere a que termine o deténgalo.",
        "en": "Another process is already syncing {pair}; wait for it to finish or stop it.",
    },
    "sync.options_conflict": {
        "es": "Use --status o --follow, no ambos.",
        "en": "Use --status or --follow, not both.",
    },
}

MESSAGES.update(SYNC_MESSAGES)
