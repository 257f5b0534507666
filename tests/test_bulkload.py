"""`crimekg load`: a dump restores the same store; a non-empty store is refused; a bad or interrupted load
never leaves a store that looks complete."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from crimekg.graph.bulkload import bulk_load
from crimekg.graph.cli import cli
from crimekg.graph.errors import InputError, StoreError
from crimekg.graph.store import BULK_MARKER, KGStore, open_store


def quad_hash(store: KGStore) -> str:
    """A hash of the store's quads (order-free)."""
    assert store.oxstore is not None
    lines = sorted(str(q) for q in store.oxstore.quads_for_pattern(None, None, None, None))
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_export_then_load_restores_the_same_quads(seed_store: KGStore, tmp_path: Path, fmt: str) -> None:
    from crimekg.graph.export import export_rdf

    dump = tmp_path / f"kg.{fmt}"
    dump.write_text(export_rdf(seed_store, fmt), encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", "--store", str(tmp_path / "copy"), str(dump)])
    assert result.exit_code == 0, result.output
    assert "Loaded" in result.output
    with open_store(tmp_path / "copy") as copy:
        assert len(copy.oxstore) == len(seed_store.oxstore) > 10_000  # type: ignore[arg-type]
        assert quad_hash(copy) == quad_hash(seed_store)
    assert not (tmp_path / "copy" / BULK_MARKER).exists()


def test_a_store_that_holds_data_is_refused_and_unchanged(tmp_path: Path) -> None:
    dump = tmp_path / "d.nq"
    dump.write_text('<urn:s> <urn:p> "new" <urn:g> .\n', encoding="utf-8")
    with open_store("memory") as store:
        store.load_trig('<urn:g> { <urn:s> <urn:p> "old" . }')
        before = quad_hash(store)
        with pytest.raises(StoreError, match="not empty"):
            bulk_load(store, dump)
        assert quad_hash(store) == before


def test_a_bad_dump_leaves_the_store_empty(tmp_path: Path) -> None:
    dump = tmp_path / "bad.nq"
    good = "".join(f'<urn:s{i}> <urn:p> "v{i}" <urn:g> .\n' for i in range(5000))
    dump.write_text(good + '<urn:s> <urn:p> "unterminated <urn:g> .\n', encoding="utf-8")
    with open_store(tmp_path / "store") as store:
        with pytest.raises(InputError, match=r"cannot load.*left empty"):
            bulk_load(store, dump)
        assert len(store.oxstore) == 0  # type: ignore[arg-type]
    assert not (tmp_path / "store" / BULK_MARKER).exists()


def test_a_load_killed_midway_is_refused_on_open(tmp_path: Path) -> None:
    dump = tmp_path / "big.nq"
    with dump.open("w", encoding="utf-8") as out:
        for k in range(200):
            out.write("".join(f'<urn:s{k}_{i}> <urn:p{i % 7}> "value {k} {i}" <urn:g{k}> .\n' for i in range(10_000)))
    store_dir = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "crimekg.graph.cli", "load", "--store", str(store_dir), str(dump)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not (store_dir / BULK_MARKER).exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.2)
    proc.kill()
    proc.wait()
    assert (store_dir / BULK_MARKER).exists(), "the 2M-quad load finished before it could be killed"
    with pytest.raises(StoreError, match="did not finish"):
        open_store(store_dir)
    result = CliRunner().invoke(cli, ["stats", "--store", str(store_dir)])
    assert result.exit_code == 5 and "delete the directory" in result.output
