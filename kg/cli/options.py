"""What every command shares: the store options, one-line errors, the opened store, output.

Errors the library raises on purpose (kg.errors.KGError) become one line on stderr and exit
code 1; usage errors exit 2 (Typer/Click's convention). Set KG_DEBUG=1 to see tracebacks.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from kg.errors import KGError

if TYPE_CHECKING:
    from kg.store.base import Store

F = TypeVar("F", bound=Callable[..., Any])

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="KG_STORE",
        help="Store: a directory (embedded Oxigraph, default .kg/store), 'memory:', or http://host:port.",
        show_default=False,
    ),
]
QueryEndpointOpt = Annotated[
    str | None, typer.Option("--query-endpoint", help="SPARQL query URL of a remote store (default: <store>/query).")
]
UpdateEndpointOpt = Annotated[
    str | None, typer.Option("--update-endpoint", help="SPARQL update URL of a remote store (default: <store>/update).")
]


# Control characters (a newline in a file name, an escape sequence in a path) are shown
# escaped, so the error stays one line and cannot repaint the terminal.
_ONE_LINE = {code: repr(chr(code))[1:-1] for code in [*range(0x20), 0x7F] if code != 0x09}


def fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr (`kg: ...`), then exit with `code`."""
    typer.echo(f"kg: {message.translate(_ONE_LINE)}", err=True)
    raise typer.Exit(code=code)


def friendly_errors(func: F) -> F:
    """Turn library errors into one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            if os.environ.get("KG_DEBUG"):
                raise
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted; the store keeps every article that was completely written")
        except BrokenPipeError:
            sys.stderr.close()  # reader went away (e.g. `| head`): not an error worth a message
        except (typer.Exit, typer.Abort, SystemExit, typer.TyperException):
            raise  # usage errors (exit 2) are Click's to print
        except OSError as exc:  # writing an output file: full disk, no permission, ...
            if os.environ.get("KG_DEBUG"):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"{where}{exc.strerror or exc}; check the path and free space")
        except Exception as exc:
            if os.environ.get("KG_DEBUG"):
                raise
            first = str(exc).splitlines()[0] if str(exc) else ""
            fail(f"internal error ({type(exc).__name__}: {first}); rerun with KG_DEBUG=1 and report it")

    return wrapper  # type: ignore[return-value]


@contextmanager
def opened_store(
    spec: str | None, query_endpoint: str | None = None, update_endpoint: str | None = None, read_only: bool = False
) -> Iterator[Store]:
    from kg.store import open_store

    store = open_store(spec, query_endpoint=query_endpoint, update_endpoint=update_endpoint, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


def write_or_print(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text)
        return
    from kg.output import write_text

    output.parent.mkdir(parents=True, exist_ok=True)
    write_text(output, text if text.endswith("\n") else text + "\n")  # whole file or nothing
    typer.echo(f"wrote {output}", err=True)


def write_lines(lines: Iterator[str], output: Path | None) -> None:
    if output is None:
        for line in lines:
            typer.echo(line)
        return
    from kg.output import open_output

    output.parent.mkdir(parents=True, exist_ok=True)
    with open_output(output) as handle:  # whole file or nothing
        for line in lines:
            handle.write(line + "\n")
    typer.echo(f"wrote {output}", err=True)


def usage_error(message: str) -> NoReturn:
    """A usage error of the command's own (contradicting options): one line, exit 2."""
    fail(message, code=2)
