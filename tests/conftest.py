"""Shared fixtures: the seed graph built once in memory, and fresh on-disk stores."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from crimekg.graph.build import BuildReport, build
from crimekg.graph.store import KGStore, open_store

os.environ.setdefault("CRIMEKG_STORE", "/nonexistent-crimekg-test-store")


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
