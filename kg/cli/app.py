"""The `kg` Typer application: its name, help, `--version`, and the console-script entry point.

The commands register themselves on `app` from the modules of this package (kg/cli/__init__.py
imports them in the order `kg --help` lists them)."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    name="kg",
    help="A claims knowledge graph for news: who said what, to whom, through whom, with which numbers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """A claims knowledge graph for news: who said what, to whom, through whom, with which numbers."""


def main() -> None:  # pragma: no cover - entry point
    app()
