"""Corpus-scale writing: `kg ingest` (articles -> store) and the bulk path of `kg load`.

The work is split so the expensive parts run in parallel and the store only writes:
- the main process lists and reads each file ONCE, skips what the store already holds
  (same source, same text: `incremental`), and hands the rest to worker processes;
- workers parse (spaCy), run the rules, map to RDF and serialise to N-Triples (`prepare`);
- the main process writes what comes back several articles per transaction (`writer`),
  prints progress (`progress`), and flushes an embedded store at the end.
Nothing is kept per article for the whole run: memory stays flat with the corpus size.
`cluster` runs the worker part on a Dask cluster; `restore` is `kg load` of an export.
"""

from __future__ import annotations

from kg.ingest.run import IngestSummary, ingest

__all__ = ["IngestSummary", "ingest"]
