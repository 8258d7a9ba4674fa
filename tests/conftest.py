"""Shared fixtures. The NLP pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_TEXT = ROOT / "seeds" / "china-cybersecurity-2010.txt"
SEED_GOLD = ROOT / "seeds" / "china-cybersecurity-2010.claims.yaml"
POLNEAR_DEV = SHARED / "corpora" / "polnear" / "dev"
BBC = SHARED / "corpora" / "bbc"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_text() -> str:
    with open(SEED_TEXT, encoding="utf-8", newline="") as handle:
        return handle.read()
