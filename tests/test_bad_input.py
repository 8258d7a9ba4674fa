"""Every kind of bad input gets one clear line on stderr, exit code 1, no traceback, and
leaves the store exactly as it was (issue 4). The real `kg` command runs in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.helpers import PROGRESS_LINE, ROOT, SEED_GOLD

KG = [sys.executable, "-m", "kg.cli"]


def run_kg(*args: str, store: Path, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "KG_STORE": str(store)}
    env.pop("KG_DEBUG", None)
    return subprocess.run(
        [*KG, *args], capture_output=True, text=True, env=env, cwd=cwd or ROOT, timeout=timeout
    )


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory) -> Path:
    """An on-disk store holding the seed gold: what bad input must leave untouched."""
    store = tmp_path_factory.mktemp("store") / "kg"
    result = run_kg("load", str(SEED_GOLD), store=store)
    assert result.returncode == 0, result.stderr
    return store


def store_dump(store: Path) -> str:
    result = run_kg("export", "--format", "nquads", store=store)
    assert result.returncode == 0, result.stderr
    return "\n".join(sorted(result.stdout.splitlines()))


def gold_data() -> dict:
    return yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))


def write_claims(tmp: Path, name: str, change: Callable[[dict], None]) -> Path:
    data = gold_data()
    # A ClaimSet reads its article only from its own folder (issue 14.3): put a copy there.
    article = ROOT / "seeds" / data["article"]["source"]
    (tmp / article.name).write_bytes(article.read_bytes())
    change(data)
    path = tmp / name
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    return path


def _set(path: list, value) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


# (case name, command, builder of the input file, words the message must contain)
ARTICLE_CASES = [
    ("empty", "ingest", lambda d: _file(d / "empty.txt", b""), ["empty.txt", "empty"]),
    ("whitespace", "ingest", lambda d: _file(d / "blank.txt", b"  \n\t \r\n"), ["blank.txt", "empty"]),
    ("binary", "ingest", lambda d: _file(d / "image.txt", bytes(range(256)) * 40), ["image.txt", "binary"]),
    (
        "not utf-8 and not a clear encoding",
        "ingest",
        lambda d: _file(d / "mixed.txt", b"\x81\x8d\x8f\x90\x9d" * 50 + b"\xff\xfe\x00\x00" * 10),
        ["mixed.txt"],
    ),
    ("missing file", "ingest", lambda d: d / "nowhere.txt", ["nowhere.txt"]),
    ("dangling link in a directory", "ingest", lambda d: _broken_dir(d), ["broken.txt"]),
    ("50 MB article", "ingest", lambda d: _file(d / "huge.txt", b"Word said. " * (50 * 1024 * 1024 // 11)), ["huge.txt", "MB"]),
    ("unknown extension", "ingest", lambda d: _file(d / "table.xlsx", b"PK\x03\x04"), ["table.xlsx"]),
]

CLAIMSET_CASES = [
    ("empty claimset", lambda d: _file(d / "empty.yaml", b""), ["empty.yaml", "empty"]),
    ("not yaml", lambda d: _file(d / "bad.yaml", b"article: [unclosed\n  - x: y"), ["bad.yaml", "line"]),
    ("not json", lambda d: _file(d / "bad.json", b'{"article": '), ["bad.json", "JSON"]),
    ("top level list", lambda d: _file(d / "list.yaml", b"- a\n- b\n"), ["list.yaml", "mapping"]),
    (
        "wrong type",
        lambda d: write_claims(d, "wrong-type.json", _set(["statistics", 0, "value"], "lots")),
        ["wrong-type.json", "statistics[0].value"],
    ),
    (
        "unknown field",
        lambda d: write_claims(d, "unknown.json", _set(["statements", 0, "speeker"], "a1")),
        ["unknown.json", "statements[0].speeker"],
    ),
    (
        "offsets outside the text",
        lambda d: write_claims(d, "outside.json", _set(["statements", 0, "content", 0], {"start": 99990, "end": 99995, "text": "China"})),
        ["outside.json", "statements[0]", "past the end"],
    ),
    (
        "offsets that do not match",
        lambda d: write_claims(d, "shifted.json", _shift_first_cue),
        ["shifted.json", "cue"],
    ),
    (
        "dangling speaker",
        lambda d: write_claims(d, "dangling.json", _set(["statements", 1, "speaker"], "nobody")),
        ["dangling.json", "speaker", "nobody"],
    ),
    (
        "statistic of a missing statement",
        lambda d: write_claims(d, "stat.json", _set(["statistics", 0, "statement"], "s999")),
        ["stat.json", "statistics[0]", "s999"],
    ),
    (
        "duplicate id",
        lambda d: write_claims(d, "dup.json", lambda data: data["actors"].append(dict(data["actors"][0]))),
        ["dup.json", "duplicate", "actors"],
    ),
    ("missing article source", lambda d: write_claims(d, "nosrc.json", _set(["article", "source"], "gone.txt")), ["nosrc.json", "gone.txt"]),
]


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _broken_dir(d: Path) -> Path:
    folder = d / "folder"
    folder.mkdir()
    (folder / "good.txt").write_text('"We will win," Mary Smith said on Monday.\n', encoding="utf-8")
    (folder / "broken.txt").symlink_to(folder / "missing-target.txt")
    return folder


def _shift_first_cue(data: dict) -> None:
    first = next(st for st in data["statements"] if st.get("cue"))
    first["cue"]["start"] += 1
    first["cue"]["end"] += 1


def assert_clean_failure(result: subprocess.CompletedProcess, words: list[str]) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip() and not PROGRESS_LINE.match(line)]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word.lower() in lines[0].lower(), (word, lines[0])


@pytest.mark.parametrize("name,command,build,words", ARTICLE_CASES, ids=[c[0] for c in ARTICLE_CASES])
def test_bad_article_is_refused_and_store_unchanged(name, command, build, words, seeded_store, tmp_path):
    before = store_dump(seeded_store)
    path = build(tmp_path)
    result = run_kg(command, str(path), store=seeded_store)
    assert_clean_failure(result, words)
    assert store_dump(seeded_store) == before


@pytest.mark.parametrize("name,build,words", CLAIMSET_CASES, ids=[c[0] for c in CLAIMSET_CASES])
def test_bad_claimset_is_refused_and_store_unchanged(name, build, words, seeded_store, tmp_path):
    before = store_dump(seeded_store)
    path = build(tmp_path)
    result = run_kg("load", str(path), store=seeded_store)
    assert_clean_failure(result, words)
    assert store_dump(seeded_store) == before


def test_one_bad_file_in_a_batch_writes_nothing(seeded_store, tmp_path):
    """Files are all validated before the first write."""
    good = write_claims(tmp_path, "good.json", _set(["article", "id"], "another-copy"))
    bad = write_claims(tmp_path, "bad.json", _set(["statements", 1, "speaker"], "nobody"))
    before = store_dump(seeded_store)
    result = run_kg("load", str(good), str(bad), store=seeded_store)
    assert_clean_failure(result, ["bad.json"])
    assert store_dump(seeded_store) == before


def test_latin1_article_is_decoded(tmp_path, seeded_store):
    """A legacy-encoded article is read (detected), not refused."""
    path = tmp_path / "latin1.txt"
    path.write_bytes('"Le café est fermé," said Jean Dupont, the mayor of Besançon, on Monday.\n'.encode("latin-1"))
    result = run_kg("extract", str(path), "--format", "json", store=seeded_store)
    assert result.returncode == 0, result.stderr
    claims = json.loads(result.stdout)
    assert "café" in claims["article"]["text"]


def test_store_path_that_is_a_file(tmp_path):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x", encoding="utf-8")
    result = run_kg("stats", store=not_a_dir)
    assert_clean_failure(result, [str(not_a_dir)])


def test_skip_bad_stores_the_good_articles_and_names_the_bad(tmp_path):
    folder = _broken_dir(tmp_path)
    _file(folder / "empty.txt", b"")
    store = tmp_path / "store"
    result = run_kg("ingest", str(folder), "--skip-bad", store=store)
    assert result.returncode == 0, result.stderr
    assert "stored good-" in result.stdout
    assert "skipped" in result.stderr and "broken.txt" in result.stderr and "empty.txt" in result.stderr
    assert "Traceback" not in result.stderr
    stats = run_kg("stats", store=store)
    counts = dict(line.rsplit(None, 1) for line in stats.stdout.splitlines() if line.strip())
    assert counts["articles"] == "1"
