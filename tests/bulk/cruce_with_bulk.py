"""The `cruce` command line with `bulk` registered, as engine/cli.py registers it; run by the kill test."""

from __future__ import annotations

from engine.bulk.cli import bulk
from engine.cli import app

if not any(command.name == "bulk" for command in app.registered_commands):
    app.command("bulk")(bulk)

if __name__ == "__main__":
    app()
