"""Throughput of `crimekg ingest`: documents per second, end to end, against a named baseline.

Builds N documents of about 450 words from the shipped seed, development and
unseen texts (each cut or repeated to ~450 words, with a distinct closing line
so no two are identical), writes them to a temporary folder, builds a fresh
store (ontology, gazetteer, seed documents), then times

* read: reading the files;
* plan: extraction + validation + RDF + the update text of every document
  (in ``--workers`` processes, the calling one included; 1 = in-process);
* write: the atomic store write of all their graphs, flush to disk included
  (``crimekg ingest`` flushes when it closes the store).  New documents on
  disk go through the journaled bulk write (:mod:`crimekg.graph.journal`);
  ``--transactional`` times the one-transaction TriG load instead (the path
  an in-memory store takes, and the on-disk one before the journal).

The baseline is the raw store write of the same quads: a fresh store of the
same kind (``pyoxigraph.Store`` on disk, or in memory) and one transactional
``Store.extend`` of exactly the quads the ingest wrote, then a flush.  A
second, named baseline is the same quads through the non-transactional bulk
loader (``Store.bulk_extend``), the engine's fastest way in.  No crimekg code
runs in the baselines, so ``baseline / total`` is the share of the end-to-end
time that the storage engine alone needs.  Prints the numbers; asserts nothing.

    python benchmarks/bench_ingest.py                 # 400 documents, fresh on-disk store
    python benchmarks/bench_ingest.py --memory --workers 2
    python benchmarks/bench_ingest.py --transactional --workers 1
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from crimekg.graph.build import build
from crimekg.graph.ingest.merges import MERGES_GRAPH
from crimekg.graph.ingest.parallel import workers_for
from crimekg.graph.ingest.pipeline import Ingestor, read_sources
from crimekg.graph.resources import data_dir
from crimekg.graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
WORDS = 450


def corpus(n: int, folder: Path) -> list[Path]:
    """N documents of about 450 words from the shipped texts, written to *folder*."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((data_dir() / "documents").glob("*.txt"))]
    for sub in ("unseen", "dev"):
        texts += [p.read_text(encoding="utf-8")
                  for p in sorted((ROOT / "tests" / "fixtures" / sub / "documents").glob("*.txt"))]
    paths = []
    for i in range(n):
        base = texts[i % len(texts)]
        paragraphs = base.split("\n\n")
        out: list[str] = []
        k = 0
        while sum(len(p.split()) for p in out) < WORDS:
            out.append(paragraphs[k % len(paragraphs)])
            k += 1
        words = "\n\n".join(out).split(" ")
        text = " ".join(words[: WORDS + 20]) + f"\n\nDocument number {i} of the benchmark corpus."
        path = folder / f"bench-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def written_quads(oxstore: ox.Store, graphs: set[str]) -> list[ox.Quad]:
    """The quads of the named graphs *graphs* (what the ingest wrote)."""
    return [q for q in oxstore.quads_for_pattern(None, None, None, None)
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in graphs]


def baseline(quads: list[ox.Quad], folder: Path | None, bulk: bool = False) -> float:
    """Seconds for a fresh pyoxigraph store (on disk in *folder*, or in memory) to take *quads* in one
    transactional ``Store.extend`` (with *bulk*: one non-transactional ``Store.bulk_extend``), flush included."""
    store = ox.Store(str(folder)) if folder is not None else ox.Store()
    started = time.perf_counter()
    if bulk:
        store.bulk_extend(quads)
    else:
        store.extend(quads)
    if folder is not None:
        store.flush()
    seconds = time.perf_counter() - started
    del store
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--memory", action="store_true", help="in-memory stores instead of fresh on-disk ones")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes for planning, this one included (default: $CRIMEKG_INGEST_WORKERS or 1)")
    parser.add_argument("--transactional", action="store_true",
                        help="write new documents in one transaction (TriG load), not by the journaled bulk write")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        paths = corpus(args.docs, folder)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        store = open_store("memory" if args.memory else str(Path(tmp) / "store"))
        build(store)
        ingestor = Ingestor(store, workers=args.workers)
        ingestor.journaled = not args.transactional
        ingestor.resolver(set())  # the store's entities feed the rule pipelines: know them before building those
        setup0 = time.perf_counter()
        ingestor.extractor.rules("en")
        ingestor.extractor.rules("es")  # built once per process (reported below); not a per-document cost
        setup = time.perf_counter() - setup0
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        sources = read_sources([folder])
        t1 = time.perf_counter()
        planned = ingestor.plan(sources)
        t2 = time.perf_counter()
        report = ingestor.write(planned)
        assert store.oxstore is not None
        store.oxstore.flush()
        t3 = time.perf_counter()
        cpu = time.process_time() - cpu0
        graphs = {f"https://w3id.org/crimekg/graph/{i}" for i in report.ids} | {str(MERGES_GRAPH)}
        quads = written_quads(store.oxstore, graphs)
        store.close()
        base = baseline(quads, None if args.memory else Path(tmp) / "baseline")
        bulk = baseline(quads, None if args.memory else Path(tmp) / "baseline-bulk", bulk=True)
    total = t3 - t0
    workers = workers_for(len(sources), args.workers)
    kind = "memory" if args.memory else "oxigraph on disk"
    path = ("one transaction (TriG load)" if args.memory or args.transactional
            else "journaled bulk write (crimekg.graph.journal)")
    print(f"documents: {report.documents}  words: {words} (mean {words / len(paths):.0f})  facts: {report.facts}  "
          f"quads: {len(quads)}  store: {kind}  planning processes: {workers}  cpus: {os.cpu_count()}")
    print(f"write path: {path}")
    print(f"read {t1 - t0:.2f}s  plan (extract+validate+RDF) {t2 - t1:.2f}s  store write+flush {t3 - t2:.2f}s  "
          f"total {total:.2f}s  (CPU of this process {cpu:.2f}s)")
    print(f"throughput: {report.documents / total:.0f} documents/s  ({words / total:.0f} words/s); "
          f"one-off set-up per process (rule pipelines, not in the total): {setup:.2f}s")
    print(f"baseline (raw pyoxigraph Store.extend of the same {len(quads)} quads, fresh {kind} store): "
          f"{base:.2f}s = {len(quads) / base:.0f} quads/s = {report.documents / base:.0f} documents/s")
    print(f"bulk baseline (raw pyoxigraph Store.bulk_extend of the same quads, not transactional, fresh {kind} "
          f"store): {bulk:.2f}s = {len(quads) / bulk:.0f} quads/s = {report.documents / bulk:.0f} documents/s")
    print(f"ratios: ingest store write / baseline = {(t3 - t2) / base:.2f}; / bulk baseline = {(t3 - t2) / bulk:.2f}; "
          f"end-to-end total / baseline = {total / base:.2f}; baseline share of end-to-end time = {base / total:.0%}")


if __name__ == "__main__":
    main()
