"""How every `cruce` command reports a user error and reads the sources file."""

from __future__ import annotations

import typer
from rich.console import Console

from engine.i18n import UserError
from engine.sources import SourcesConfig, load_sources

errors = Console(stderr=True)


def fail(error: UserError, language: str) -> typer.Exit:
    """Print a user error in the chosen language and return the exit (status 2) to raise."""
    errors.print(f"[bold red]✗[/] {error.render(language)}", highlight=False)
    return typer.Exit(2)


def command_sources(ctx: typer.Context) -> tuple[SourcesConfig, str]:
    """Load the sources file named by the root `--config` option, with the root `--lang` language."""
    root = ctx.find_root().obj
    language = getattr(root, "language", "es")
    try:
        return load_sources(getattr(root, "config", None)), language
    except UserError as error:
        raise fail(error, language) from None
