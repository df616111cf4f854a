"""`cruce audit`: verify the hash chain, export entries for an inspector, print the head to anchor it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from engine import audit
from engine.audit import messages as _messages  # noqa: F401  (registers the audit messages)
from engine.audit.chain import ChainCheck
from engine.audit.export import export_entries, read_export
from engine.i18n import UserError, translate
from engine.cli_errors import fail as _fail, command_sources as _settings

app = typer.Typer(help="Bitácora de auditoría / audit log: verify, export, head.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


@app.command()
def verify(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Option("--file", help="Verificar una exportación JSON Lines en vez de la bitácora / verify an exported JSON Lines file instead of the log.")] = None,
    anchor: Annotated[list[str] | None, typer.Option("--anchor", help="SEQ:HASH anotado antes con `cruce audit head` (repetible) / SEQ:HASH recorded earlier with `cruce audit head` (repeatable).")] = None,
) -> None:
    """Verificar la cadena de hashes; sale con 1 en la primera entrada alterada / verify the hash chain; exit 1 at the first tampered entry."""
    config, language = _settings(ctx)
    try:
        anchors = [_parse_anchor(value) for value in anchor or []]
    except UserError as error:
        raise _fail(error, language) from None

    if file is not None:
        if not file.exists():
            raise _fail(UserError("audit.file_missing", value=str(file)), language)
        result = audit.verify_segment(read_export(file))
        _report(result, language, "audit.tampered_line")
        return

    log = audit.audit_log_for(config)
    result = log.verify()
    _report(result, language, "audit.tampered")
    for seq, expected in anchors:
        found = log.hash_at(seq) or "-"
        if found != expected:
            errors.print(translate("audit.anchor_mismatch", language, seq=seq, found=found, expected=expected), highlight=False)
            raise typer.Exit(1)


@app.command()
def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Archivo JSON Lines a escribir / JSON Lines file to write.")],
    since: Annotated[str | None, typer.Option("--since", help="Desde (UTC): AAAA-MM-DD o AAAA-MM-DDTHH:MM:SSZ / from (UTC).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Hasta (UTC, inclusive) / until (UTC, inclusive).")] = None,
) -> None:
    """Exportar entradas con sus hashes para un inspector / export entries with their hashes for an inspector."""
    from engine.access.principal import operator_principal

    config, language = _settings(ctx)
    log = audit.audit_log_for(config)
    try:
        count = export_entries(log, out, since=since, until=until)
    except UserError as error:
        raise _fail(error, language) from None

    log.record(operator_principal(), "audit.export", query={"since": since, "until": until, "out": str(out)}, hits=count)
    console.print(translate("audit.exported", language, count=count, path=str(out)), highlight=False)


@app.command()
def head(ctx: typer.Context) -> None:
    """Mostrar la última entrada y su hash, para anotarlos fuera del servidor / print the last entry and its hash to record elsewhere."""
    config, language = _settings(ctx)
    seq, digest = audit.audit_log_for(config).head()
    console.print(translate("audit.head", language, seq=seq, hash=digest), highlight=False, soft_wrap=True)


def _report(result: ChainCheck, language: str, tampered_key: str) -> None:
    if result.ok:
        console.print(translate("audit.verified", language, checked=result.checked, seq=result.head_seq, hash=result.head_hash), highlight=False, soft_wrap=True)
        return
    problem = translate(f"audit.problem.{result.problem}", language)
    errors.print(translate(tampered_key, language, seq=result.bad_seq, problem=problem, checked=result.checked), highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _parse_anchor(value: str) -> tuple[int, str]:
    seq, _, digest = value.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise UserError("audit.anchor_invalid", value=value)
    return int(seq), digest.lower()
