"""The journaled bulk write of new documents (graph/journal.py): fast, and still all or nothing.

A real ``crimekg ingest`` (and, for big writes, a direct ``KGStore.bulk_add_graphs``) runs in a subprocess with
``CRIMEKG_TEST_JOURNAL_PAUSE`` set, so it reports each checkpoint of the write on stderr; it is killed with
SIGKILL at a checkpoint or at a fraction of the measured bulk-write time.  The store is then reopened for
writing (which rolls an interrupted write back) and compared with the states before and after the write
through every access path of the storage engine (:func:`views`): all quads, and the quads found by graph, by
subject, by predicate, by object, by graph+predicate and by graph+object (each served by a different
Oxigraph index), plus the list of named graphs.  A quad left in one index and not in another would show up.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from crimekg.graph import journal as journal_module
from crimekg.graph.build import build
from crimekg.graph.errors import QueryError, StoreError
from crimekg.graph.ingest.merges import MERGES_GRAPH, list_merges
from crimekg.graph.ingest.pipeline import Ingestor, ingest_files, read_sources
from crimekg.graph.journal import JOURNAL, PAUSE_ENV, Journal, journal_path, write_journal
from crimekg.graph.resources import data_dir
from crimekg.graph.store import open_store
from rdflib import URIRef as iri

DEVIDA = ("DEVIDA hosts meeting {i}\n\nOn 2 June 2021 the National Anti-Drug Commission of Peru (DEVIDA) held "
          "meeting number {i} in Lima in collaboration with UNODC.\n")
Keys = dict[str, set[ox.Quad | ox.NamedNode | ox.BlankNode | ox.Literal]]


# ----------------------------------------------------------------- comparing stores through every index

def _line(quad: ox.Quad) -> str:
    return " ".join("_:b" if isinstance(t, ox.BlankNode) else str(t)
                    for t in (quad.subject, quad.predicate, quad.object, quad.graph_name))


def _digest(lines: list[str]) -> tuple[int, str]:
    lines.sort()
    return len(lines), hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def keys_of(*paths: Path) -> Keys:
    """Subjects, predicates, objects and named graphs of the quads of the stores at *paths*."""
    keys: Keys = {"s": set(), "p": set(), "o": set(), "g": set()}
    for path in paths:
        store = ox.Store.read_only(str(path))
        for q in store:
            keys["s"].add(q.subject)
            keys["p"].add(q.predicate)
            keys["o"].add(q.object)
            if not isinstance(q.graph_name, ox.DefaultGraph):
                keys["g"].add(q.graph_name)
        keys["g"].update(store.named_graphs())
        del store
    return keys


def views(path: Path, keys: Keys) -> dict[str, tuple[int, str]]:
    """(count, SHA-256) of the store's quads as each index serves them, for every key in *keys*."""
    store = ox.Store.read_only(str(path))
    try:
        out = {"all": _digest([_line(q) for q in store]), "len": (len(store), ""),
               "named graphs": _digest([str(g) for g in store.named_graphs()])}
        patterns = {
            "by graph (gspo)": [(None, None, None, g) for g in keys["g"]],
            "by subject (spog)": [(s, None, None, None) for s in keys["s"]],
            "by predicate (posg)": [(None, p, None, None) for p in keys["p"]],
            "by object (ospg)": [(None, None, o, None) for o in keys["o"]],
            "by graph+predicate (gpos)": [(None, p, None, g) for g in keys["g"] for p in keys["p"]],
        }
        objects = sorted(keys["o"], key=str)[:60]  # graph x object pairs: a sample of the objects
        patterns["by graph+object (gosp)"] = [(None, None, o, g) for g in keys["g"] for o in objects]
        for name, queries in patterns.items():
            out[name] = _digest([_line(q) for pattern in queries for q in store.quads_for_pattern(*pattern)])
        return out
    finally:
        del store


def assert_same(path: Path, expected: dict[str, tuple[int, str]], keys: Keys, what: str) -> None:
    got = views(path, keys)
    diff = {k: (got[k][0], expected[k][0]) for k in expected if got[k] != expected[k]}
    assert not diff, f"store differs from the {what} state (view: (got, expected) counts): {diff}"


# ----------------------------------------------------------------- fixtures

def write_docs(folder: Path, n: int, start: int = 0, long: bool = False) -> Path:
    """*n* documents: DEVIDA meetings (each makes a merge record), or ~450-word texts cut from the seed."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted((data_dir() / "documents").glob("*.txt"))]
    for i in range(start, start + n):
        if long:
            words = (texts[i % len(texts)] * 3).split(" ")[:470]
            text = " ".join(words) + f"\n\nDocument number {i} of the journal test.\n\n" + DEVIDA.format(i=i)
        else:
            text = DEVIDA.format(i=i)
        (folder / f"note-{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def before(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed build plus one ingested document (so the merges graph already holds a record)."""
    root = tmp_path_factory.mktemp("journal")
    path = root / "before"
    with open_store(path) as store:
        build(store)
        ingest_files([write_docs(root / "first", 1)], store)
        assert len(list_merges(store)) == 1
    return path


def copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def ingest_cli(store: Path, folder: Path, pause: str = "") -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1", **{PAUSE_ENV: pause or "none"})
    return subprocess.Popen([sys.executable, "-m", "crimekg.graph.cli", "ingest", "-q", "--store", str(store),
                             str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def wait_line(proc: subprocess.Popen[str], wanted: str, timeout: float = 120) -> float:
    """Read stderr until the line *wanted*; the time it arrived."""
    assert proc.stderr is not None
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            raise AssertionError(f"process ended without {wanted!r}: {seen[-5:]} rc={proc.wait()}")
        seen.append(line.strip())
        if line.strip() == wanted:
            return time.perf_counter()
    raise AssertionError(f"no {wanted!r} in {timeout}s")


def kill(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def reopen(path: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    """Open the store for writing (rolling back an interrupted write) and close it; the rollback log lines."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="crimekg.graph.journal"):
        open_store(path).close()
    return [r.getMessage() for r in caplog.records if "rolled back" in r.getMessage()]


@pytest.fixture(scope="module")
def batch(before: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A batch of 12 new documents with merges, the store an uninterrupted ingest leaves, and the keys of both."""
    root = tmp_path_factory.mktemp("journal-batch")
    folder = write_docs(root / "docs", 12, start=1, long=True)
    after = copy(before, root / "after")
    proc = ingest_cli(after, folder)
    started = wait_line(proc, "journal checkpoint journal-written")
    seconds = wait_line(proc, "journal checkpoint bulk-written") - started
    assert proc.wait(timeout=120) == 0, proc.communicate()
    keys = keys_of(before, after)
    return {"folder": folder, "after": after, "keys": keys, "before_views": views(before, keys),
            "after_views": views(after, keys), "bulk_seconds": seconds}


# ----------------------------------------------------------------- the write itself

def test_journaled_ingest_writes_what_the_transactional_one_writes(before: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Into a store whose merges graph holds a record already, as the TriG load in one transaction does."""
    folder = write_docs(tmp_path / "docs", 6, start=100, long=True)
    calls: list[int] = []
    real = journal_module.journaled_load
    monkeypatch.setattr(journal_module, "journaled_load", lambda *a: calls.append(len(a[3])) or real(*a))
    paths = {}
    for journaled in (True, False):
        paths[journaled] = copy(before, tmp_path / f"store-{journaled}")
        with open_store(paths[journaled]) as store:
            ingestor = Ingestor(store)
            ingestor.journaled = journaled
            report = ingestor.write(ingestor.plan(read_sources([folder])))
            assert report.documents == 6 and report.merges == 6
        assert not journal_path(paths[journaled]).exists()
    assert calls == [6]  # the journaled write took the six new graphs; the other path did not call it
    keys = keys_of(paths[True], paths[False])
    assert views(paths[True], keys) == views(paths[False], keys)
    with open_store(paths[True]) as store:
        assert len(list_merges(store)) == 7  # the old record kept, six new


def test_reingest_is_idempotent(before: Path, tmp_path: Path) -> None:
    folder = write_docs(tmp_path / "docs", 4, start=200, long=True)
    store_dir = copy(before, tmp_path / "store")
    with open_store(store_dir) as store:
        ingest_files([folder], store)
    once = copy(store_dir, tmp_path / "once")
    with open_store(store_dir) as store:
        ingest_files([folder], store)  # the graphs hold data now: the transactional path replaces them
    keys = keys_of(once, store_dir)
    assert views(store_dir, keys) == views(once, keys)


def test_a_bad_trig_leaves_the_store_unchanged(before: Path, tmp_path: Path) -> None:
    store_dir = copy(before, tmp_path / "store")
    keys = keys_of(before)
    good = "".join(f'<urn:g{k}> {{ <urn:s{i}> <urn:p> "v{i}" . }}\n' for k in range(3) for i in range(2000))
    with open_store(store_dir) as store, pytest.raises(QueryError, match="malformed TriG"):
        store.bulk_add_graphs(good + "<urn:g9> { <urn:s> <urn:p> \"unterminated . }\n",
                              [iri(f"urn:g{k}") for k in (0, 1, 2, 9)], [(iri("urn:s"), iri("urn:p"),
                                                                            iri("urn:o"), MERGES_GRAPH)])
    assert not journal_path(store_dir).exists()
    assert_same(store_dir, views(before, keys), keys, "before")


def test_a_graph_that_holds_data_is_refused(before: Path, tmp_path: Path) -> None:
    store_dir = copy(before, tmp_path / "store")
    with open_store(store_dir) as store, pytest.raises(StoreError, match="not empty"):
        store.bulk_add_graphs("<urn:x> { <urn:s> <urn:p> <urn:o> . }\n", [MERGES_GRAPH])
    assert not journal_path(store_dir).exists()


# ----------------------------------------------------------------- recovery on open

def test_read_only_open_is_refused_and_a_writer_rolls_back(before: Path, tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A write whose journal was left (killed just before deleting it) is undone exactly: a shared quad that was
    there before stays, an empty named graph that existed before stays, graphs that did not exist are gone."""
    store_dir = copy(before, tmp_path / "store")
    with open_store(store_dir) as store:
        assert store.oxstore is not None
        store.oxstore.add_graph(ox.NamedNode("urn:empty-before"))  # a named graph that holds nothing
        store.update(f"INSERT DATA {{ GRAPH {MERGES_GRAPH.n3()} {{ <urn:m0> <urn:p> <urn:o> }} }}")
    snapshot = copy(store_dir, tmp_path / "snapshot")
    trig = '<urn:empty-before> { <urn:s> <urn:p> "x" . }\n<urn:new> { <urn:s> <urn:p> "y" . }\n'
    shared = [(iri("urn:m0"), iri("urn:p"), iri("urn:o"), MERGES_GRAPH),  # already there
              (iri("urn:m1"), iri("urn:p"), iri("urn:o"), MERGES_GRAPH),
              (iri("urn:m1"), iri("urn:p"), iri("urn:o"), iri("urn:shared-new"))]
    monkeypatch.setattr(journal_module, "delete_journal", lambda store_dir: None)  # "killed" before deleting it
    with open_store(store_dir) as store:
        store.bulk_add_graphs(trig, [iri("urn:empty-before"), iri("urn:new")], shared)
        assert store.count() == views(snapshot, keys_of(snapshot))["len"][0] + 4
    monkeypatch.undo()
    left = Journal.from_text(journal_path(store_dir).read_text(encoding="utf-8"))
    assert sorted(left.graphs) == ["urn:empty-before", "urn:new"]
    assert sorted(left.unregistered) == ["urn:new", "urn:shared-new"]
    assert len(left.added_quads()) == 2  # not the quad that was there before
    with pytest.raises(StoreError, match="interrupted") as info:
        open_store(store_dir, read_only=True)
    assert "\n" not in str(info.value) and "open the store for writing" in str(info.value)
    lines = reopen(store_dir, caplog)
    assert len(lines) == 1 and "rolled back an interrupted ingest" in lines[0]
    assert not journal_path(store_dir).exists()
    keys = keys_of(snapshot)
    keys["g"].update(ox.NamedNode(g) for g in ("urn:new", "urn:shared-new", "urn:empty-before"))
    keys["s"].update({ox.NamedNode("urn:s"), ox.NamedNode("urn:m1")})
    assert_same(store_dir, views(snapshot, keys), keys, "before")
    assert ox.NamedNode("urn:empty-before") in set(ox.Store.read_only(str(store_dir)).named_graphs())


def test_a_damaged_journal_is_refused(before: Path, tmp_path: Path) -> None:
    store_dir = copy(before, tmp_path / "store")
    (store_dir / JOURNAL).write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot read the journal"):
        open_store(store_dir)


# ----------------------------------------------------------------- killed mid-ingest

@pytest.mark.slow
@pytest.mark.parametrize("point, expected", [
    ("before-journal", "before"),    # nothing written yet
    ("journal-written", "before"),   # journal durable, no quad written
    ("bulk-written", "before"),      # every quad written, not flushed: rolled back
    ("flushed", "before"),           # written and flushed, journal not yet deleted: rolled back
    ("journal-deleted", "after"),    # committed
])
def test_ingest_killed_at_a_checkpoint(batch: dict[str, object], before: Path, tmp_path: Path,
                                       caplog: pytest.LogCaptureFixture, point: str, expected: str) -> None:
    store_dir = copy(before, tmp_path / "store")
    proc = ingest_cli(store_dir, batch["folder"], f"{point}=120")  # type: ignore[arg-type]
    try:
        wait_line(proc, f"journal checkpoint {point}")
    finally:
        kill(proc)
    journal_left = journal_path(store_dir).exists()
    assert journal_left == (point in ("journal-written", "bulk-written", "flushed"))
    lines = reopen(store_dir, caplog)
    assert len(lines) == int(journal_left)
    assert not journal_path(store_dir).exists()
    keys = batch["keys"]
    assert_same(store_dir, batch[f"{expected}_views"], keys, expected)  # type: ignore[arg-type, index]


@pytest.mark.slow
@pytest.mark.parametrize("fraction", [0.5])
def test_ingest_killed_during_the_bulk_write(batch: dict[str, object], before: Path, tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture, fraction: float) -> None:
    store_dir = copy(before, tmp_path / "store")
    proc = ingest_cli(store_dir, batch["folder"])  # type: ignore[arg-type]
    try:
        wait_line(proc, "journal checkpoint journal-written")
        time.sleep(fraction * float(batch["bulk_seconds"]))  # type: ignore[arg-type]
    finally:
        kill(proc)
    reopen(store_dir, caplog)
    assert not journal_path(store_dir).exists()
    keys = batch["keys"]
    got = views(store_dir, keys)  # type: ignore[arg-type]
    assert got in (batch["before_views"], batch["after_views"]), "store in between"


# ----------------------------------------------------------------- a big write, several bulk-loader batches

BIG_WRITER = """
import sys, time
from rdflib import URIRef
from crimekg.graph.store import open_store
from rdflib import URIRef as iri
path, graphs, per_graph = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
trig = "".join("<urn:big:g%d> {\\n" % k + "".join('<urn:s%d> <urn:p%d> "v%d" .\\n' % (j, j % 7, j % 500)
               for j in range(per_graph)) + "}\\n" for k in range(graphs))
shared = [(URIRef("urn:m%d" % i), URIRef("urn:p"), URIRef("urn:o"), URIRef(sys.argv[4])) for i in range(50)]
with open_store(path) as store:
    store.bulk_add_graphs(trig, [URIRef("urn:big:g%d" % k) for k in range(graphs)], shared)
"""


def big_write(store_dir: Path, graphs: int, per_graph: int) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1", **{PAUSE_ENV: "none"})
    return subprocess.Popen([sys.executable, "-c", BIG_WRITER, str(store_dir), str(graphs), str(per_graph),
                             str(MERGES_GRAPH)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def big_keys(before: Path, graphs: int, per_graph: int) -> Keys:
    keys = keys_of(before)
    keys["g"].update(ox.NamedNode(f"urn:big:g{k}") for k in range(graphs))
    keys["s"].update(ox.NamedNode(f"urn:s{j}") for j in range(per_graph))
    keys["s"].update(ox.NamedNode(f"urn:m{i}") for i in range(50))
    keys["p"].update(ox.NamedNode(f"urn:p{j}") for j in range(7))
    keys["o"] = keys["o"] | {ox.Literal(f"v{j}") for j in range(500)}
    return keys


def test_a_partial_bulk_write_is_undone_exactly(before: Path, tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    """The bulk loader commits a big write in batches of up to 1 M quads (each batch in one atomic step over all
    indexes): a crash between two batches leaves some graphs written, others partly.  Here the journal of a
    write is left with only some of its quads in the store (half of each graph, half of the shared quads);
    reopening undoes exactly that."""
    graphs, per_graph = 20, 600
    store_dir = copy(before, tmp_path / "store")
    shared = [ox.Quad(ox.NamedNode(f"urn:m{i}"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"),
                      ox.NamedNode(str(MERGES_GRAPH))) for i in range(50)]
    quads = [ox.Quad(ox.NamedNode(f"urn:s{j}"), ox.NamedNode(f"urn:p{j % 7}"), ox.Literal(f"v{j % 500}"),
                     ox.NamedNode(f"urn:big:g{k}")) for k in range(graphs) for j in range(per_graph)]
    write_journal(store_dir, Journal([f"urn:big:g{k}" for k in range(graphs)],
                                     [f"urn:big:g{k}" for k in range(graphs)],
                                     "".join(f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n"
                                             for q in shared)))
    raw = ox.Store(str(store_dir))
    raw.bulk_extend(quads[::2] + shared[::2])  # "the first batch"
    raw.flush()
    assert len(raw) > views(before, keys_of(before))["len"][0]
    del raw
    keys = big_keys(before, graphs, per_graph)
    lines = reopen(store_dir, caplog)
    assert len(lines) == 1
    assert_same(store_dir, views(before, keys), keys, "before")


@pytest.mark.slow
@pytest.mark.parametrize("fraction", [0.4, 0.8])
def test_a_big_bulk_write_killed_midway_is_undone_exactly(before: Path, tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture, fraction: float) -> None:
    """300 k quads written by ``KGStore.bulk_add_graphs`` in a subprocess, killed while the bulk loader runs."""
    graphs, per_graph = 60, 5000
    timing = copy(before, tmp_path / "timing")
    proc = big_write(timing, graphs, per_graph)
    started = wait_line(proc, "journal checkpoint journal-written")
    seconds = wait_line(proc, "journal checkpoint bulk-written") - started
    assert proc.wait(timeout=120) == 0, proc.communicate()
    shutil.rmtree(timing)
    keys = big_keys(before, graphs, per_graph)
    store_dir = copy(before, tmp_path / "store")
    proc = big_write(store_dir, graphs, per_graph)
    try:
        wait_line(proc, "journal checkpoint journal-written")
        time.sleep(fraction * seconds)
    finally:
        kill(proc)
    interrupted = journal_path(store_dir).exists()
    reopen(store_dir, caplog)
    assert not journal_path(store_dir).exists()
    assert not list(store_dir.glob("bulk-*.sst"))  # the bulk loader's unfinished files are gone too
    if interrupted:
        assert_same(store_dir, views(before, keys), keys, f"before (killed at {fraction:.0%} of the bulk write)")
    else:  # the write had committed before the kill
        done = ox.Store.read_only(str(store_dir))
        assert len(done) == views(before, keys)["len"][0] + graphs * per_graph + 50
        del done
