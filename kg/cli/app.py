"""The `kg` Typer application: its name, help, `--version`, and the console-script entry point.

The commands register themselves on `app` from the modules of this package (kg/cli/__init__.py
imports them in the order `kg --help` lists them)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, NoReturn

import typer

# Typer carries its own copy of Click (typer._click); these are the exceptions it raises.
from typer._click.core import Context
from typer._click.exceptions import BadParameter, NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from kg.cli.options import fail


def _one_line(exc: UsageError) -> NoReturn:
    """A usage error as one line on stderr (Typer would draw a box). A value outside a
    command's choices (kg.choices) is bad input like any other: exit 1. A missing argument,
    an unknown option or contradicting options are usage errors: exit 2 (Click's convention)."""
    if isinstance(exc, NoArgsIsHelpError):
        raise exc  # `kg` or `kg entities` alone: the help, as Typer prints it
    # "Value error, " is how pydantic (Typer's converter) starts a rejected value.
    message = exc.format_message().replace("Value error, ", "")
    hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
    fail(message + hint, code=1 if _is_choice(exc) else 2)


def _is_choice(exc: UsageError) -> bool:
    """Whether the rejected value is of a parameter declared with an Enum of choices."""
    param = exc.param if isinstance(exc, BadParameter) else None
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    return isinstance(annotation, type) and issubclass(annotation, Enum)


class _OneLineUsageErrors(TyperGroup):
    """The `kg` group: usage errors of the group and of every command below it in one line."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any
    ) -> Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except UsageError as exc:
            _one_line(exc)

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            _one_line(exc)


app = typer.Typer(
    cls=_OneLineUsageErrors,
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
