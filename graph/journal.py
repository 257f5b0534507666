"""Journaled bulk writes: add new named graphs to an on-disk store fast, and undo them after a crash.

Oxigraph's bulk loader (``Store.bulk_load``) writes ready-made index files
into the store, several times faster than a transaction, but it is not a
transaction: a process killed while it runs may leave part of the write.  So
:func:`journaled_load` keeps ingest all or nothing with an undo journal in the
store directory, made durable (fsync) *before* the first quad is written:

* the graphs written that held no quad before (each new document's graph):
  undo clears them, and removes those that were not named graphs before;
* the quads added to graphs that already held data (new records of the shared
  merges graph), exactly those that were not in the store before: undo
  removes them.

After the bulk write the store is flushed, then the journal deleted (and the
directory synced): from that moment the write is kept.  A journal found when
the store is next opened for writing means the write may be partial:
:func:`rollback` undoes it in ONE transaction, checks that nothing of it is
left, deletes the journal and logs one line.  A store opened read-only with a
journal is refused (:func:`refuse_read_only`).  Rollback also removes the bulk
loader's unfinished index files (``bulk-*.sst``, which the store never reads).  Undo is exact because the bulk
loader adds every index of a batch in one atomic step (RocksDB's
``IngestExternalFiles`` over all column families): a quad is in all indexes
or in none, and the transactional removal of a graph or quad removes it from
all of them.

Tests set ``CRIMEKG_TEST_JOURNAL_PAUSE`` (``POINT=SECONDS,...``) to have the
writer report each checkpoint on stderr (``journal checkpoint POINT``) and
sleep at the named ones, so that they can kill it at a known point.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()); store = ox.Store(str(d))
>>> g = ox.NamedNode("http://g")
>>> journaled_load(store, d, '<http://g> { <http://s> <http://p> "o" . }', ["http://g"], [])
>>> len(store), journal_path(d).exists()
(1, False)
>>> write_journal(d, Journal(["http://g"], ["http://g"], ""))  # as if the process had died here
>>> rollback(store, d)
True
>>> len(store), list(store.named_graphs()), journal_path(d).exists()
(0, [], False)
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError, StoreError

JOURNAL = ".crimekg-ingest-journal"
PAUSE_ENV = "CRIMEKG_TEST_JOURNAL_PAUSE"
FORMAT = "crimekg-ingest-journal/1"
log = logging.getLogger(__name__)


@dataclass
class Journal:
    """What undoes one bulk write: graphs that held no quad (cleared), graphs that were not named graphs of the
    store (removed), and the N-Quads of the quads added to graphs that held data (removed one by one).

    >>> Journal.from_text(Journal(["http://g"], [], "").to_text())
    Journal(graphs=['http://g'], unregistered=[], quads='')
    """

    graphs: list[str]
    unregistered: list[str]
    quads: str

    def to_text(self) -> str:
        """The journal file's text (JSON)."""
        return json.dumps({"format": FORMAT, **asdict(self)}, ensure_ascii=True)

    @classmethod
    def from_text(cls, text: str) -> Journal:
        """Read a journal file's text; ValueError when it is not one."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        return cls([str(g) for g in data["graphs"]], [str(g) for g in data["unregistered"]], str(data["quads"]))

    def added_quads(self) -> list[ox.Quad]:
        """The quads added to graphs that held data."""
        return list(ox.parse(self.quads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)) if self.quads else []


def journal_path(store_dir: Path) -> Path:
    """Where the journal of a store directory is."""
    return Path(store_dir) / JOURNAL


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_journal(store_dir: Path, journal: Journal) -> None:
    """Write the journal durably: a temporary file, fsync, rename, fsync of the directory (all or nothing)."""
    path = journal_path(store_dir)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(journal.to_text())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def delete_journal(store_dir: Path) -> None:
    """Remove the journal (and a half-written one), durably."""
    path = journal_path(store_dir)
    path.with_name(path.name + ".tmp").unlink(missing_ok=True)
    path.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def checkpoint(point: str) -> None:
    """Test hook: with ``$CRIMEKG_TEST_JOURNAL_PAUSE`` set, report *point* on stderr and sleep if it is named."""
    spec = os.environ.get(PAUSE_ENV)
    if not spec:
        return
    sys.stderr.write(f"journal checkpoint {point}\n")
    sys.stderr.flush()
    for item in spec.split(","):
        name, _, seconds = item.partition("=")
        if name.strip() == point and seconds:
            time.sleep(float(seconds))


def _nquad(quad: ox.Quad) -> str:
    return f"{quad.subject} {quad.predicate} {quad.object} {quad.graph_name} .\n"


def _trig_quad(quad: ox.Quad) -> str:
    return f"{quad.graph_name} {{ {quad.subject} {quad.predicate} {quad.object} . }}\n"


def undo_update(journal: Journal) -> str:
    """The ONE SPARQL update that undoes the write *journal* describes.

    >>> print(undo_update(Journal(["http://d"], ["http://d"], '<http://s> <http://p> "o" <http://m> .\\n')))
    DROP SILENT GRAPH <http://d> ;
    DELETE DATA { GRAPH <http://m> { <http://s> <http://p> "o" . } }
    """
    unregistered = set(journal.unregistered)
    iri = ox.NamedNode  # terms are written by pyoxigraph (a bad IRI raises), never pasted in
    parts = [f"{'DROP' if g in unregistered else 'CLEAR'} SILENT GRAPH {iri(g)}" for g in journal.graphs]
    for quad in journal.added_quads():
        parts.append(f"DELETE DATA {{ GRAPH {quad.graph_name} {{ {quad.subject} {quad.predicate} {quad.object} . }} }}")
    parts += [f"DROP SILENT GRAPH {iri(g)}" for g in journal.unregistered if g not in set(journal.graphs)]
    return " ;\n".join(parts) or "CLEAR SILENT GRAPH <urn:crimekg:none>"


def leftovers(store: ox.Store, journal: Journal) -> list[str]:
    """What of the journaled write is still in *store* (empty when undone): quads of the new graphs, added quads,
    graphs that were not named graphs before."""
    out = [f"a quad in {g}" for g in journal.graphs
           if next(iter(store.quads_for_pattern(None, None, None, ox.NamedNode(g))), None) is not None]
    out += [f"the quad {_nquad(q).strip()}" for q in journal.added_quads() if q in store]
    out += [f"the named graph {g}" for g in journal.unregistered if store.contains_named_graph(ox.NamedNode(g))]
    return out


def refuse_read_only(store_dir: Path) -> None:
    """Raise when a read-only open finds a journal: only a writer can roll the interrupted ingest back."""
    if journal_path(store_dir).exists():
        raise StoreError(f"{store_dir}: an ingest into this store was interrupted (or is running) and must be "
                         "rolled back first; open the store for writing once (e.g. `crimekg stats --store "
                         f"{store_dir}`), which undoes it")


def rollback(store: ox.Store, store_dir: Path) -> bool:
    """Undo the interrupted bulk write whose journal is in *store_dir*, if any; True when there was one.

    *store* must be the store of *store_dir*, open for writing (so no other process is writing it).
    """
    path = journal_path(store_dir)
    path.with_name(path.name + ".tmp").unlink(missing_ok=True)  # written before any quad: nothing to undo
    if not path.exists():
        return False
    try:
        journal = Journal.from_text(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, SyntaxError) as exc:
        raise StoreError(f"{path}: cannot read the journal of an interrupted ingest ({exc}); the store may hold "
                         "part of that ingest") from exc
    _undo(store, journal, path)
    for orphan in Path(store_dir).glob("bulk-*.sst"):  # the bulk loader's unfinished files (never RocksDB's own)
        orphan.unlink(missing_ok=True)
    delete_journal(store_dir)
    log.warning("crimekg: rolled back an interrupted ingest in %s (%d document graph(s), %d shared quad(s)); "
                "the store is as it was before it", store_dir, len(journal.graphs), len(journal.added_quads()))
    return True


def _undo(store: ox.Store, journal: Journal, path: Path) -> None:
    try:
        store.update(undo_update(journal))
        store.flush()
    except (OSError, SyntaxError, ValueError) as exc:
        raise StoreError(f"{path}: cannot roll back an interrupted ingest: {exc}") from exc
    left = leftovers(store, journal)
    if left:
        raise StoreError(f"{path}: rolling back an interrupted ingest left {len(left)} item(s), e.g. {left[0]}; "
                         "the journal is kept")


def journaled_load(store: ox.Store, store_dir: Path, trig: str, new_graphs: Sequence[str],
                   shared: Iterable[ox.Quad]) -> None:
    """Add the TriG *trig* (the quads of *new_graphs*, which must hold nothing now, and nothing else) and the
    *shared* quads (added to graphs that may hold data) to the on-disk *store* with the bulk loader, under an undo
    journal.

    All or nothing: a bad *trig* or a failed write is undone before this raises; a process that dies leaves the
    journal, and :func:`rollback` undoes the write when the store is opened again.
    """
    for g in new_graphs:
        if next(iter(store.quads_for_pattern(None, None, None, ox.NamedNode(g))), None) is not None:
            raise StoreError(f"{store_dir}: graph {g} is not empty; a journaled load only adds new graphs")
    added = [q for q in dict.fromkeys(shared) if q not in store]
    if any(isinstance(t, ox.BlankNode) for q in added for t in (q.subject, q.object, q.graph_name)):
        raise StoreError("a journaled load cannot undo blank nodes in shared graphs")
    if not new_graphs and not added:
        return
    targets = dict.fromkeys([*new_graphs, *(q.graph_name.value for q in added)])
    unregistered = [g for g in targets if not store.contains_named_graph(ox.NamedNode(g))]
    journal = Journal(list(new_graphs), unregistered, "".join(_nquad(q) for q in added))
    checkpoint("before-journal")
    write_journal(store_dir, journal)
    checkpoint("journal-written")
    try:
        store.bulk_load((trig + "".join(map(_trig_quad, added))).encode("utf-8"), format=ox.RdfFormat.TRIG)
        checkpoint("bulk-written")
        store.flush()
    except (SyntaxError, ValueError, OSError) as exc:
        _undo(store, journal, journal_path(store_dir))
        delete_journal(store_dir)
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, (SyntaxError, ValueError)):
            raise QueryError(f"malformed TriG: {first} (nothing was written)") from exc
        raise StoreError(f"{store_dir}: bulk write failed: {first} (nothing was written)") from exc
    checkpoint("flushed")
    delete_journal(store_dir)
    checkpoint("journal-deleted")
