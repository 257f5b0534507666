"""Building is atomic and idempotent, on disk and in memory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from crimekg.graph.build import build
from crimekg.graph.errors import InputError, StoreLockedError
from crimekg.graph.resources import data_dir
from crimekg.graph.store import open_store


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    return target


def test_build_writes_ontology_gazetteer_and_one_graph_per_document(seed_store, seed_report) -> None:
    graphs = {str(g).rsplit("/", 1)[-1] for g in seed_store.named_graphs()}
    assert graphs == {"ontology", "gazetteer", "doc-000", "doc-001", "doc-002", "doc-003", "doc-004"}
    assert seed_report.documents == 5
    assert seed_report.facts > 300


def test_build_on_disk_is_idempotent(disk_store_path: Path) -> None:
    with open_store(disk_store_path) as store:
        first = build(store)
        count = store.count()
        second = build(store)
        assert store.count() == count == first.quads == second.quads
    with open_store(disk_store_path) as store:  # persisted
        assert store.count() == count


def test_failed_build_leaves_store_unchanged(disk_store_path: Path, tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    with open_store(disk_store_path) as store:
        build(store)
        before = sorted(store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
        broken = data / "annotations" / "doc-004.yaml"
        broken.write_text(broken.read_text(encoding="utf-8") + "\n  - quote: 'this text is not in the document'\n"
                          "    triples: [[bolivia, cooperatesWith, peru]]\n", encoding="utf-8")
        (data / "documents" / "000_048019d849485c43.txt").write_text("changed", encoding="utf-8")
        with pytest.raises(InputError):
            build(store, data)
        after = sorted(store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
        assert before == after


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        ("triples: [[bolivia, cooperatesWith, atlantis]]", "unknown entity 'atlantis'"),
        ("triples: [[bolivia, likes, peru]]", "'likes' is not a property"),
        ("triples: [[bolivia, a, Banana]]", "'Banana' is not a class"),
        ("triples: [[bolivia, targetsThreat, 'threat:piracy']]", "unknown threat"),
        ("triples: [[bolivia, cooperatesWith]]", "a triple must be"),
    ],
)
def test_bad_annotations_get_one_line_errors(tmp_path: Path, mutation: str, message: str) -> None:
    data = _copy_data(tmp_path)
    path = data / "annotations" / "doc-004.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"\n  - quote: 'Bolivia'\n    {mutation}\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        build(open_store("memory"), data)
    assert "\n" not in str(info.value)


def test_second_writer_gets_a_clear_lock_error(disk_store_path: Path) -> None:
    import subprocess
    import sys

    with open_store(disk_store_path):
        code = ("from crimekg.graph.store import open_store\n"
                f"open_store({str(disk_store_path)!r})\n")
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert proc.returncode != 0
        assert "locked by another process" in proc.stderr
    assert StoreLockedError.exit_code == 5
