"""Compare main-content extractors on saved news pages (issue 8): for each library, write
the extracted body of every page as score.py's JSONL input and print its body scores and
the time per page. Usage:
  python benchmarks/bench_html_extractors.py ../shared/corpora/news-html-dev [LIBRARY ...]
Libraries: trafilatura, trafilatura-recall, readability, justext, kg (kg's own reader)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def trafilatura_text(html: str, recall: bool = False) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=recall) or ""


def readability_text(html: str) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    tree = lxml.html.fromstring(summary)
    blocks = [" ".join(el.text_content().split()) for el in tree.iter("p", "h1", "h2", "h3", "li", "blockquote")]
    return "\n\n".join(b for b in blocks if b)


def justext_text(html: str) -> str:
    import justext

    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def kg_text(html: str) -> str:
    from kg.extract.readers.html import read_html

    return read_html(html, "page.html").text


EXTRACTORS = {
    "trafilatura": trafilatura_text,
    "trafilatura-recall": lambda html: trafilatura_text(html, recall=True),
    "readability": readability_text,
    "justext": justext_text,
    "kg": kg_text,
}


def main() -> None:
    corpus = Path(sys.argv[1])
    names = sys.argv[2:] or list(EXTRACTORS)
    pages = sorted(corpus.glob("*.html"))
    for name in names:
        extract = EXTRACTORS[name]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
            start = time.perf_counter()
            for page in pages:
                try:
                    text = extract(page.read_text(encoding="utf-8"))
                except Exception:  # a library that fails on a page has no result for it
                    continue
                if text.strip():
                    out.write(json.dumps({"article": {"source": str(page), "text": text}, "statements": []}) + "\n")
            per_page = (time.perf_counter() - start) / len(pages)
        scored = subprocess.run([sys.executable, str(corpus / "score.py"), str(corpus / "ground-truth.json"), out.name],
                                capture_output=True, text=True, check=True).stdout
        result = json.loads(scored)
        print(json.dumps({"extractor": name, "missing": result["missing"], "body": result["body"],
                          "ms_per_page": round(per_page * 1000, 1)}))


if __name__ == "__main__":
    main()
