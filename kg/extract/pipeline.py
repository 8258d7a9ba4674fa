"""Article -> spaCy Doc -> actors, statements, statistics -> one validated ClaimSet.

The statement and statistic finders work on the Doc of `nlp_text` (markup blanked, same
offsets); every Span put in the ClaimSet is cut from the article text itself, so
`text[start:end] == span.text` holds by construction.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError
from kg.extract.guards import tame
from kg.extract.readers import (
    ReadArticle,
    Source,
    article_sources,
    is_url,
    is_warc,
    parse_date,
    read_article,
    read_source,
    read_text,
)
from kg.models import (
    Actor,
    ActorType,
    Approximation,
    Article,
    ClaimSet,
    Comparison,
    Span,
    Statement,
    Statistic,
    sha256_text,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kg.extract.actors import ActorTable

__all__ = ["article_files", "article_id", "build_claimset", "extract_file", "extract_paths", "extract_text"]

_METADATA_FIELDS = ("title", "author", "publisher", "published", "url")
_APPROXIMATIONS = {a.value for a in Approximation}
_BATCH_SIZE = 32


def extract_text(text: str, source: str = "<text>", **metadata: Any) -> ClaimSet:
    """Extract from text in memory. `metadata` may set title, author, publisher, published
    (date or 'YYYY-MM-DD') and url; otherwise they are read from the text as for a file."""
    article = read_text(text, source=source)
    for name, value in metadata.items():
        if name not in _METADATA_FIELDS:
            raise InputError(f"extract_text: unknown metadata '{name}'; use one of {', '.join(_METADATA_FIELDS)}")
        if name == "published" and isinstance(value, str):
            value = parse_date(value)
        setattr(article, name, value)
    return build_claimset(article, _parse(article))


def extract_file(path: str | Path) -> ClaimSet:
    """Extract from one .txt, .md or .html file."""
    article = read_article(path if isinstance(path, str) and is_url(path) else Path(path))
    return build_claimset(article, _parse(article))


def extract_paths(
    paths: Iterable[str | Path],
    on_bad_file: Callable[[Path, InputError], None] | None = None,
    workers: int = 1,
) -> Iterator[tuple[Path, ClaimSet]]:
    """Extract every article given: files, directories (every article file under them,
    sorted), http(s) URLs, WARC archives (each HTML page an article). Articles go through
    spaCy in batches (nlp.pipe), and each result is yielded as soon as it is ready, so a
    long run can store as it goes.

    A file or URL that cannot be read, or a page not in English (NotEnglishError), stops
    the run before the first result, unless `on_bad_file` is given: then it is told about
    each one, which is skipped (it may raise to stop the run). A bad page inside a WARC
    archive is found only as the archive is streamed.
    `workers` > 1 parses in that many processes (spaCy's n_process): 1.7x the throughput
    with 2 on 2 cores, for large batches (benchmarks/bench_extract.py --workers 2)."""
    from kg.extract.nlp import load_nlp
    from kg.extract.pieces import pipe

    sources = article_files(paths)
    nlp = load_nlp()
    if workers < 1:
        raise InputError(f"workers must be 1 or more, not {workers}")

    def reject(source: Source, exc: InputError) -> None:
        if on_bad_file is None:
            raise exc
        on_bad_file(Path(source) if not isinstance(source, str) else source, exc)  # type: ignore[arg-type]

    # Every file and URL is read once before the first result, so a bad one late in a batch
    # is reported before anything was yielded (and stored). Fetched pages are kept (a page's
    # text is small; fetching twice would be rude); files are read again as parsed to keep
    # memory flat on large batches (reading is ~1% of the time); an archive is streamed.
    good: list[tuple[Source, ReadArticle | None]] = []
    for source in sources:
        if is_warc(source):
            good.append((source, None))
            continue
        try:
            article = _checked(read_article(source), nlp.max_length)
        except InputError as exc:
            reject(source, exc)
            continue
        good.append((source, article if isinstance(source, str) else None))

    def articles() -> Iterator[tuple[ReadArticle, Path]]:
        for source, kept in good:
            where = Path(source) if not isinstance(source, str) else source
            if kept is not None:
                yield kept, where  # type: ignore[misc]
                continue
            for item in read_source(source):
                if isinstance(item, InputError):
                    reject(source, item)
                    continue
                try:
                    yield _checked(item, nlp.max_length), where  # type: ignore[misc]
                except InputError as exc:
                    reject(source, exc)

    pairs = ((article.nlp_text, (article, path)) for article, path in articles())
    # Extra processes only pay for their start-up on a batch bigger than a few articles.
    n_process = workers if len(good) > 2 * _BATCH_SIZE else 1
    if n_process > 1:
        _workers_die_with_parent()
    for doc, (article, path) in pipe(nlp, pairs, batch_size=_BATCH_SIZE, n_process=n_process):
        yield path, build_claimset(article, doc)


def _workers_die_with_parent() -> None:
    """spaCy's worker processes wait on a queue forever if the parent is killed (SIGKILL
    leaves no chance to stop them); on Linux, ask the kernel to end each forked child when
    its parent dies."""
    global _DEATH_SIGNAL_REGISTERED
    if _DEATH_SIGNAL_REGISTERED or not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    os.register_at_fork(after_in_child=lambda: libc.prctl(pr_set_pdeathsig, signal.SIGTERM))
    _DEATH_SIGNAL_REGISTERED = True


_DEATH_SIGNAL_REGISTERED = False


def article_files(paths: Iterable[str | Path]) -> list[Source]:
    """Files and URLs as given, and for each directory its article files (recursively, sorted)."""
    return article_sources(paths)


def article_id(source: str, text: str) -> str:
    """'seeds/china-cybersecurity-2010.txt' -> 'china-cybersecurity-2010-1a2b3c4d': readable
    and stable for the same text, different for a changed text."""
    stem = Path(source).stem if source else ""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:60].strip("-") or "article"
    return f"{slug}-{sha256_text(text)[:8]}"


# ------------------------------------------------------------------------------ building


def _checked(article: ReadArticle, limit: int) -> ReadArticle:
    if len(article.nlp_text) > limit:
        raise InputError(
            f"{article.source}: {len(article.nlp_text) / 1e6:.1f} MB of text ({len(article.nlp_text)} characters) "
            f"is more than the parser takes at once ({limit} characters); split it into one file per article"
        )
    article.nlp_text = tame(article.nlp_text)  # pathological structure blanked (kg.extract.guards)
    return article


def _parse(article: ReadArticle) -> Doc:
    from kg.extract.nlp import load_nlp
    from kg.extract.pieces import parse

    nlp = load_nlp()
    return parse(nlp, _checked(article, nlp.max_length).nlp_text)  # long texts in pieces


def _finders() -> tuple[Any, Any]:
    # Imported here: spaCy-dependent modules stay out of `import kg`.
    from kg.extract.statements import find_statements
    from kg.extract.statistics import find_statistics

    return find_statements, find_statistics


def _spoken_for(actor: Actor | None) -> str | None:
    """The organisation an unnamed spokesperson speaks for ("Home Office spokesman" with its
    affiliation), else None."""
    from kg.extract.actors.lexicon import actor_lexicon

    if actor is None or actor.type != ActorType.Person or actor.affiliation is None:
        return None
    words = actor.name.lower().split()
    if not words or words[-1] not in actor_lexicon().spokesperson_nouns:
        return None
    return actor.affiliation


def build_claimset(article: ReadArticle, doc: Doc) -> ClaimSet:
    """The ClaimSet of one article from its parsed `nlp_text`."""
    from kg.extract.actors import link_actors

    text = article.text
    find_statements, find_statistics = _finders()
    found = [f for f in find_statements(doc) if any(_valid(c, text) for c in f.content)] if text.strip() else []
    speaker_mentions = [f.speaker_mention for f in found if _valid(f.speaker_mention, text)]
    extra = [m for f in found for m in (f.via_mention, f.audience_mention) if _valid(m, text)]
    table = link_actors(doc, speaker_mentions, extra, text=text, given=_metadata_actors(article))

    statements: list[Statement] = []
    built: dict[int, Statement] = {}
    for index, item in enumerate(found):
        content = [_span(c, text) for c in item.content if _valid(c, text)]
        speaker_mention = item.speaker_mention if _valid(item.speaker_mention, text) else None
        speaker = table.actor_for(speaker_mention)
        earlier = built.get(item.continues) if item.continues is not None else None
        if speaker is None and earlier is not None:
            speaker = earlier.speaker  # the second half of a quote split by "he said"
        via = table.actor_for(item.via_mention) if _valid(item.via_mention, text) else None
        via_mention = _span(item.via_mention, text) if _valid(item.via_mention, text) else None
        organisation = _spoken_for(table.get(speaker))
        if organisation is not None and via is None and speaker_mention is not None:
            # "a Home Office spokesman said": the organisation's statement, relayed by an
            # unnamed spokesperson (an actor of its own, affiliated to the organisation).
            speaker, via, via_mention = organisation, speaker, _span(speaker_mention, text)
        statement = Statement(
            id=f"s{len(statements) + 1}",
            kind=item.kind,
            content=content,
            speaker=speaker,
            speaker_mention=_span(speaker_mention, text) if speaker_mention else None,
            cue=_span(item.cue, text) if _valid(item.cue, text) else None,
            via=via,
            audience=table.actor_for(item.audience_mention) if _valid(item.audience_mention, text) else None,
            via_mention=via_mention,
            audience_mention=_span(item.audience_mention, text) if _valid(item.audience_mention, text) else None,
        )
        built[index] = statement
        statements.append(statement)

    publisher = _publisher_actor(article, table)
    found_stats = find_statistics(doc) if text.strip() else []
    statistics = _statistics(found_stats, statements, text, table, publisher)
    return ClaimSet(
        article=Article(
            id=article_id(article.source, text),
            source=article.source,
            title=article.title,
            author=article.author,
            publisher=article.publisher,
            published=article.published if isinstance(article.published, dt.date) else None,
            url=article.url,
            sha256=sha256_text(text),
            extractor=article.extractor,
            language=article.language,
            text=text,
        ),
        actors=table.actors,
        statements=statements,
        statistics=statistics,
    )


def _statistics(
    found: Sequence[Any], statements: list[Statement], text: str, table: ActorTable, publisher: str | None
) -> list[Statistic]:
    result: list[Statistic] = []
    for item in found:
        if not _valid(item.span, text) or not isinstance(item.value, int | float) or not math.isfinite(item.value):
            continue
        start, end = item.span
        statement = next((s for s in statements
                          if any(c.start <= start and end <= c.end for c in s.content)), None)
        asserting = statement.id if statement is not None else None
        # Who asserts it: the statement's speaker; the journalist's own text is the publisher's.
        asserted_by = statement.speaker if statement is not None else publisher
        measured = getattr(item, "measured", None)
        about = getattr(item, "about", None)
        comparison = None
        if isinstance(item.comparison, dict) and item.comparison.get("type"):
            baseline = str(item.comparison.get("baseline") or "").strip() or None
            comparison = Comparison(type=str(item.comparison["type"]), baseline=baseline)
        result.append(Statistic(
            id=f"n{len(result) + 1}",
            span=_span(item.span, text),
            value=float(item.value),
            unit=item.unit or "number",
            approximation=Approximation(item.approximation if item.approximation in _APPROXIMATIONS else "exact"),
            period=item.period or None,
            comparison=comparison,
            statement=asserting,
            low=getattr(item, "low", None),
            high=getattr(item, "high", None),
            measured=_span(measured, text) if measured is not None and _valid(measured, text) else None,
            about=_actor_at(table, about) if about is not None and _valid(about, text) else None,
            date=getattr(item, "date", None),
            asserted_by=asserted_by,
        ))
    return result


def _actor_at(table: ActorTable, span: tuple[int, int]) -> str | None:
    """The actor with a mention overlapping `span` (the words a statistic is about)."""
    start, end = span
    exact = table.actor_for(span)
    if exact is not None:
        return exact
    return next((actor for (s, e), actor in sorted(table.by_span.items()) if s < end and start < e), None)


def _publisher_actor(article: ReadArticle, table: ActorTable) -> str | None:
    """The actor that is the article's publisher, when the metadata names one."""
    name = (article.publisher or "").strip()
    if not name:
        return None
    return next((a.id for a in table.actors if a.name == name or name in a.aliases), None)


def _metadata_actors(article: ReadArticle) -> list[tuple[tuple[int, int] | None, str, ActorType]]:
    """The author and the publisher are actors too, mentioned where the byline and the
    copyright line name them (those lines are hidden from the parser)."""
    given: list[tuple[tuple[int, int] | None, str, ActorType]] = []
    for name, actor_type in ((article.author, ActorType.Person), (article.publisher, ActorType.Organization)):
        if name and name.strip():
            at = article.text.find(name)
            given.append(((at, at + len(name)) if at >= 0 else None, name, actor_type))
    return given


def _valid(span: tuple[int, int] | None, text: str) -> bool:
    return span is not None and 0 <= span[0] < span[1] <= len(text)


def _span(span: tuple[int, int], text: str) -> Span:
    start, end = span
    return Span(start=start, end=end, text=text[start:end])
