"""Shared fixtures: the seed graph built once in memory, and fresh on-disk stores."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from crimekg.graph.build import BuildReport, build
from crimekg.graph.store import KGStore, open_store

os.environ.setdefault("CRIMEKG_STORE", "/nonexistent-crimekg-test-store")

SYNTH = Path(__file__).parents[1] / "benchmarks" / "synth.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright, shared by every browser test.

    Fails when /usr/bin/chromium is missing (CI installs it), unless CRIMEKG_ALLOW_SKIP_BROWSER=1.
    """
    if not CHROMIUM.exists():
        if os.environ.get("CRIMEKG_ALLOW_SKIP_BROWSER") == "1":
            pytest.skip("/usr/bin/chromium is not installed (CRIMEKG_ALLOW_SKIP_BROWSER=1)")
        pytest.fail("/usr/bin/chromium is not installed: apt-get install chromium (or CRIMEKG_ALLOW_SKIP_BROWSER=1)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def seed_store() -> Iterator[KGStore]:
    """The packaged seed data built into an in-memory store (shared, read-only use)."""
    store = open_store("memory")
    build(store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def seed_report() -> BuildReport:
    """The build report of the seed data."""
    return build(open_store("memory"))


@pytest.fixture()
def disk_store_path(tmp_path: Path) -> Path:
    """Path for a fresh on-disk store (not yet created)."""
    return tmp_path / "store"


@pytest.fixture(scope="session")
def synth_quads() -> Callable[[int, int], bytes]:
    """``synth_quads(activities, seed)``: the N-Quads of `benchmarks/synth.py`'s synthetic corpus."""
    spec = importlib.util.spec_from_file_location("synth", SYNTH)
    synth = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(synth)  # type: ignore[union-attr]

    def quads(activities: int, seed: int) -> bytes:
        return ("\n".join(synth.SynthCorpus(activities=activities, seed=seed).quads()) + "\n").encode("utf-8")

    return quads
