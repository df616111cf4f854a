"""`cruce keys`: create, list and revoke API keys. The command runs as the local operator and is audited."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from engine import audit
from engine.access import messages as _messages  # noqa: F401  (registers the access messages)
from engine.access.keys import KeyStore
from engine.access.principal import operator_principal
from engine.access.settings import access_settings
from engine.i18n import UserError, translate
from engine.sources import SourcesConfig
from engine.cli_errors import fail as _fail, command_sources as _settings

app = typer.Typer(help="Claves de API / API keys: create, list, revoke.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


def _store(config: SourcesConfig) -> KeyStore:
    return KeyStore(access_settings(config).keys_path)


@app.command()
def create(
    ctx: typer.Context,
    agency: Annotated[str, typer.Option("--agency", help="Agencia dueña de la clave / agency that owns the key.")],
    country: Annotated[str, typer.Option("--country", help="País de la agencia (ISO alfa-2): decide qué registros ve / the agency's country (ISO alpha-2): decides which records it sees.")],
    role: Annotated[list[str], typer.Option("--role", help="officer, border, analyst, source o admin (repetible / repeatable).")],
    source: Annotated[list[str] | None, typer.Option("--source", help="Fuente que una clave source puede escribir (repetible) / source a source key may write (repeatable).")] = None,
    label: Annotated[str, typer.Option("--label", help="Nota libre, p. ej. la persona o el sistema / free note, e.g. the person or system.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Salida JSON / JSON output.")] = False,
) -> None:
    """Crear una clave; se muestra una sola vez / create a key; it is shown only once."""
    config, language = _settings(ctx)
    operator = operator_principal()
    try:
        for name in source or []:
            config.source(name)
        store = _store(config)
        key, secret = store.create(agency=agency, country=country, roles=role, sources=source or [], label=label, created_by=operator.key_id)
    except UserError as error:
        raise _fail(error, language) from None

    audit.record(config, operator, "key.create", query=_key_fields(key.to_dict()), hits=1, record_ids=[key.key_id])
    if as_json:
        sys.stdout.write(json.dumps({**key.to_dict(), "key": secret}, ensure_ascii=False) + "\n")
        return
    message = translate("keys.created", language, key_id=key.key_id, agency=key.agency, country=key.country, roles=", ".join(sorted(key.roles)))
    errors.print(message, highlight=False)
    sys.stdout.write(secret + "\n")


@app.command("list")
def list_keys(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Salida JSON / JSON output.")] = False,
) -> None:
    """Listar las claves (nunca su secreto) / list the keys (never their secret)."""
    config, language = _settings(ctx)
    keys = _store(config).list()
    if as_json:
        sys.stdout.write(json.dumps([key.to_dict() for key in keys], ensure_ascii=False, indent=2) + "\n")
        return
    if not keys:
        console.print(translate("keys.none", language), highlight=False)
        return

    headers = {
        "es": ("Clave", "Agencia", "País", "Roles", "Fuentes", "Creada", "Revocada"),
        "en": ("Key", "Agency", "Country", "Roles", "Sources", "Created", "Revoked"),
    }[language]
    table = Table(*headers)
    table.columns[0].no_wrap = True
    for key in keys:
        table.add_row(
            key.key_id, key.agency, key.country, ", ".join(sorted(key.roles)), ", ".join(sorted(key.sources)) or "-",
            key.created_at, key.revoked_at or "-",
        )
    console.print(table)


@app.command()
def revoke(
    ctx: typer.Context,
    key_id: Annotated[str, typer.Argument(help="Identificador de la clave, como lo muestra `cruce keys list` / key id as `cruce keys list` shows it.")],
) -> None:
    """Revocar una clave desde ahora / revoke a key from now on."""
    config, language = _settings(ctx)
    operator = operator_principal()
    try:
        changed = _store(config).revoke(key_id, revoked_by=operator.key_id)
    except UserError as error:
        audit.record(config, operator, "key.revoke", query={"key_id": key_id}, hits=0, outcome=audit.FAILURE, detail=error.key)
        raise _fail(error, language) from None

    audit.record(config, operator, "key.revoke", query={"key_id": key_id}, hits=1 if changed else 0, record_ids=[key_id])
    console.print(translate("keys.revoked" if changed else "keys.already_revoked", language, key_id=key_id), highlight=False)


def _key_fields(key: dict[str, Any]) -> dict[str, Any]:
    return {name: key[name] for name in ("key_id", "agency", "country", "roles", "sources", "label")}
