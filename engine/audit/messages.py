"""User-facing messages of the audit commands, merged into ``engine.i18n.MESSAGES``."""

from __future__ import annotations

from engine.i18n import MESSAGES

AUDIT_MESSAGES: dict[str, dict[str, str]] = {
    "audit.verified": {
        "es": "Bitácora íntegra: {checked} {checked|entrada verificada|entradas verificadas}; última entrada {seq}, hash {hash}.",
        "en": "Audit log intact: {checked} {checked|entry|entries} verified; last entry {seq}, hash {hash}.",
    },
    "audit.tampered": {
        "es": "Bitácora alterada en la entrada {seq}: {problem}. {checked|La|Las} {checked} {checked|entrada anterior está íntegra|entradas anteriores están íntegras}.",
        "en": "Audit log tampered with at entry {seq}: {problem}. The {checked} {checked|entry|entries} before it {checked|is|are} intact.",
    },
    "audit.tampered_line": {
        "es": "Exportación alterada en la línea {seq}: {problem}. {checked|La|Las} {checked} {checked|línea anterior está íntegra|líneas anteriores están íntegras}.",
        "en": "Export tampered with at line {seq}: {problem}. The {checked} {checked|line|lines} before it {checked|is|are} intact.",
    },
    "audit.anchor_invalid": {
        "es": "Ancla no válida: {value!r}. Use SEQ:HASH, como lo imprime `cruce audit head`.",
        "en": "Invalid anchor: {value!r}. Use SEQ:HASH, as `cruce audit head` prints it.",
    },
    "audit.anchor_mismatch": {
        "es": "La entrada {seq} no coincide con el ancla registrada (hash {found} en vez de {expected}): la bitácora fue reescrita o recortada.",
        "en": "Entry {seq} does not match the recorded anchor (hash {found} instead of {expected}): the audit log was rewritten or cut short.",
    },
    "audit.time_invalid": {
        "es": "Fecha u hora no válida: {value!r}. Use AAAA-MM-DD o AAAA-MM-DDTHH:MM:SSZ (UTC).",
        "en": "Invalid date or time: {value!r}. Use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC).",
    },
    "audit.exported": {
        "es": "{count} {count|entrada exportada|entradas exportadas} a {path}.",
        "en": "{count} {count|entry|entries} exported to {path}.",
    },
    "audit.head": {
        "es": "Última entrada {seq}, hash {hash}. Anote este par fuera del servidor y verifíquelo después con --anchor {seq}:{hash}.",
        "en": "Last entry {seq}, hash {hash}. Record this pair away from the server and check it later with --anchor {seq}:{hash}.",
    },
    "audit.problem.not_json": {"es": "la entrada no es un objeto JSON", "en": "the entry is not a JSON object"},
    "audit.problem.sequence": {
        "es": "número de secuencia inesperado (entrada borrada, insertada o movida)",
        "en": "unexpected sequence number (entry deleted, inserted or moved)",
    },
    "audit.problem.previous_hash": {
        "es": "el hash anterior no coincide con la entrada previa (entrada borrada, insertada o movida)",
        "en": "the previous hash does not match the entry before it (entry deleted, inserted or moved)",
    },
    "audit.problem.not_canonical": {
        "es": "la entrada no está en forma canónica (editada a mano)",
        "en": "the entry is not in canonical form (edited by hand)",
    },
    "audit.problem.hash": {
        "es": "el hash no coincide con el contenido (entrada editada)",
        "en": "the hash does not match the content (entry edited)",
    },
    "audit.file_missing": {
        "es": "No se encontró el archivo {value!r}.",
        "en": "File not found: {value!r}.",
    },
}

MESSAGES.update(AUDIT_MESSAGES)
