"""The one table printer: rows of text as a rich table, rendered to plain text.

Every table kg prints (query results, `kg analyze`, `kg stats`, scores, the demo's
who-said-what) goes through `format_table`, so they look alike and share the same safety:
cells are rich `Text`, never markup, so a name like "[bold]" or ":smile:" is shown as written.
The result is a string without colour codes, the same on a terminal, in a pipe and in a log.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Column", "format_table", "table_width"]


@dataclass(frozen=True)
class Column:
    """A column's header and how its cells are laid out."""

    header: str
    numeric: bool = False  # right-aligned
    max_width: int | None = None  # longer cells are cut with an ellipsis (one line per row)


def table_width() -> int:
    """The terminal's width (COLUMNS, else the terminal, else 120), kept within 100 to 200."""
    return max(100, min(200, shutil.get_terminal_size((120, 24)).columns))


def format_table(
    columns: Sequence[str | Column],
    rows: Iterable[Sequence[str]],
    *,
    caption: str | None = None,
    width: int | None = None,
    borders: bool = True,
) -> str:
    """The table as text. `borders=False`: no header and no lines, columns two spaces apart
    (a key-value listing)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(caption=caption) if borders else Table(box=None, show_header=False, pad_edge=False)
    for column in columns:
        spec = column if isinstance(column, Column) else Column(column)
        table.add_column(
            spec.header,
            justify="right" if spec.numeric else "left",
            max_width=spec.max_width,
            no_wrap=spec.max_width is not None,
        )
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    buffer = io.StringIO()
    Console(file=buffer, width=width or table_width(), color_system=None, soft_wrap=False).print(table)
    text = buffer.getvalue().rstrip("\n")
    # Without borders the last column is padded to its width: no trailing blanks in a listing.
    return text if borders else "\n".join(line.rstrip() for line in text.splitlines())
