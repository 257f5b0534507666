"""Throughput of `crimekg ingest`: documents per second, end to end (extract + RDF + store write).

Builds N documents of about 450 words from the shipped seed and unseen texts
(each is a seed/unseen text, cut or repeated to ~450 words, with a distinct
closing line so no two are identical), writes them to a temporary folder,
then times reading + extraction + validation + RDF + ONE atomic store write
into a fresh on-disk Oxigraph store.  Prints the numbers; asserts nothing.

    python benchmarks/bench_ingest.py            # 400 documents
    python benchmarks/bench_ingest.py --docs 1000 --memory
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from crimekg.graph.build import build
from crimekg.graph.ingest.pipeline import Ingestor, read_sources
from crimekg.graph.resources import data_dir
from crimekg.graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
WORDS = 450


def corpus(n: int, folder: Path) -> list[Path]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((data_dir() / "documents").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures/unseen/documents").glob("*.txt"))]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--memory", action="store_true", help="in-memory store instead of a fresh on-disk one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        paths = corpus(args.docs, folder)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        store = open_store("memory" if args.memory else str(Path(tmp) / "store"))
        build(store)
        ingestor = Ingestor(store)
        ingestor.extractor.rules("en")
        ingestor.extractor.rules("es")  # pipelines are built once per process; not part of per-document cost
        t0 = time.perf_counter()
        sources = read_sources([folder])
        t1 = time.perf_counter()
        planned = ingestor.plan(sources)
        t2 = time.perf_counter()
        report = ingestor.write(planned)
        t3 = time.perf_counter()
        store.close()
    total = t3 - t0
    print(f"documents: {report.documents}  words: {words} (mean {words / len(paths):.0f})  "
          f"facts: {report.facts}  quads: {report.quads}  store: {'memory' if args.memory else 'oxigraph on disk'}")
    print(f"read {t1 - t0:.2f}s  extract+validate+RDF {t2 - t1:.2f}s  store write {t3 - t2:.2f}s  total {total:.2f}s")
    print(f"throughput: {report.documents / total:.0f} documents/s  ({words / total:.0f} words/s)")


if __name__ == "__main__":
    main()
