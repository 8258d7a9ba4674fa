"""`kg eval`, `kg demo`: scoring the extractor, and the whole flow on the seed article."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.choices import ScoreFormat
from kg.cli.app import app
from kg.cli.options import (
    StoreOpt,
    friendly_errors,
    opened_store,
)


@app.command(name="eval")
@friendly_errors
def eval_(
    gold: Annotated[
        Path | None,
        typer.Argument(
            help="A gold ClaimSet file, or a directory in brat format (PolNeAR split); default: the seed's gold.",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Score only the first N articles of a directory.")
    ] = None,
    fmt: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help="A table for people, or JSON.")
    ] = ScoreFormat.table,
) -> None:
    """Score the extractor against gold annotations: precision, recall, F1, speaker accuracy."""
    import json

    from kg import resources
    from kg.evaluate import evaluate_path

    report = evaluate_path(gold or resources.seed_gold(), limit=limit)
    typer.echo(json.dumps(report.to_dict(), indent=2) if fmt is ScoreFormat.json else report.to_table())


@app.command()
@friendly_errors
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the Turtle export and the picture.")] = Path("out"),
    store: StoreOpt = None,
) -> None:
    """Extract the seed article, store it, print who-said-what, score it, write out/."""
    from kg.demo import run_demo

    with opened_store(store) as st:
        result = run_demo(st, out)
    typer.echo(f"Article: {result.title} ({result.article_id}) -> store {result.store_spec}")
    typer.echo("")
    typer.echo("Who said what")
    typer.echo(result.who_said_what)
    typer.echo(f"Main speaker: {result.main_speaker} ({result.main_speaker_count} statements)")
    typer.echo("")
    typer.echo("Extraction scored against the hand-made gold (seeds/*.claims.yaml)")
    typer.echo(result.score_table)
    typer.echo("")
    for path in result.files:
        typer.echo(f"wrote {path}")
