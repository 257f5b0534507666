"""crimekg at scale: load, partner query, projection and centrality next to named baselines, in one run.

Writes the results into benchmarks/README.md (between the ``run.py`` markers;
other sections are kept) and prints them.  Every number is measured in this
run; ratios are crimekg / baseline (lower is better for crimekg).

    python benchmarks/run.py            # 10,000 activities (~1.26 M quads), about 13 minutes
    python benchmarks/run.py --quick    # 2,000 activities and smaller graphs, about 2 minutes
    python benchmarks/run.py --only projection,partners   # just those sections, printed; a few minutes

Sections:

* load: rdflib in-memory ``Dataset.parse``; raw pyoxigraph ``Store.bulk_load``
  (on disk and in memory); crimekg's per-document atomic updates (one SPARQL
  update per named graph, as ``crimekg build`` writes); ``crimekg load``
  (:func:`crimekg.graph.bulkload.bulk_load`: bulk load into an empty store, then compaction).
* partners of one actor: the baseline ``crimekg.graph.relations.actor_links_sparql``
  (the link rules as SPARQL queries through the rdflib API, what
  ``actor_links`` does for a SPARQL server) and
  ``crimekg.graph.network.links_fast.fast_actor_links`` (what ``actor_links``
  does for an embedded store: same result, read from the store index), for a
  sample of actors and for the actor with most links.
* all-pairs projection: ``cooperation_graph`` (evidence off, as centrality
  uses it, and on, as the maps use it), on disk and in memory, and the
  baseline ``actor_links_sparql`` + networkx.
* centrality report (degree, weighted degree, betweenness, closeness,
  eigenvector, PageRank): crimekg (``centrality`` + ranked rows) next to the
  same measures in igraph directly and with networkx's defaults.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
BEGIN, END = "<!-- run.py:begin -->", "<!-- run.py:end -->"
PROBE_ACTIVITIES, PROBE_SECONDS = 50, 30
"""rdflib's SPARQL engine runs actor_links_sparql on a corpus this small, stopped after this many seconds."""


def _load_synth() -> Any:
    spec = importlib.util.spec_from_file_location("crimekg_bench_synth", HERE / "synth.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@dataclass
class Timing:
    """Seconds of each repetition of one measured step."""

    seconds: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def measure(fn: Callable[[], Any], repeat: int = 1) -> tuple[Timing, Any]:
    """Run *fn* *repeat* times (garbage collected before each); its timings and last result."""
    timing = Timing()
    result = None
    for _ in range(repeat):
        result = None
        gc.collect()
        started = time.perf_counter()
        result = fn()
        timing.seconds.append(time.perf_counter() - started)
    return timing, result


def fmt_s(seconds: float) -> str:
    """Seconds for a table: ms below one second."""
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b > 0 else "n/a"


# ---------------------------------------------------------------- load


def crimekg_bulk_load(kg: Any, path: Path) -> int:
    """``crimekg load``: :func:`crimekg.graph.bulkload.bulk_load` into an EMPTY embedded store (bulk load,
    then compaction); returns the quad count read back through the rdflib API."""
    from crimekg.graph.bulkload import bulk_load

    bulk_load(kg, path)
    return kg.count()


def bench_load(corpus_file: Path, synth: Any, activities: int, seed: int, work: Path) -> dict[str, Any]:
    import pyoxigraph as ox
    from crimekg.graph.store import open_store
    from rdflib import Dataset

    out: dict[str, Any] = {}

    def fresh(name: str) -> Path:
        path = work / name
        shutil.rmtree(path, ignore_errors=True)
        return path

    disk = fresh("raw-oxigraph")

    def raw_disk() -> int:
        store = ox.Store(str(disk))
        store.bulk_load(path=str(corpus_file), format=ox.RdfFormat.N_QUADS)
        store.flush()
        count = len(store)
        del store
        return count

    out["raw_disk"], out["quads"] = measure(raw_disk)
    shutil.rmtree(disk, ignore_errors=True)

    def raw_memory() -> int:
        store = ox.Store()
        store.bulk_load(path=str(corpus_file), format=ox.RdfFormat.N_QUADS)
        return len(store)

    out["raw_memory"], _ = measure(raw_memory)
    bulk_dir = fresh("crimekg-bulk")

    def crimekg_bulk() -> int:
        with open_store(str(bulk_dir)) as kg:
            return crimekg_bulk_load(kg, corpus_file)

    out["crimekg_bulk"], out["crimekg_bulk_quads"] = measure(crimekg_bulk)
    store = ox.Store(str(bulk_dir))
    out["scan_disk"], _ = measure(lambda st=store: sum(1 for _ in st.quads_for_pattern(None, None, None, None)))
    del store
    memory = ox.Store()
    memory.bulk_load(path=str(corpus_file), format=ox.RdfFormat.N_QUADS)
    out["scan_memory"], _ = measure(lambda st=memory: sum(1 for _ in st.quads_for_pattern(None, None, None, None)))
    del memory
    docs_dir = fresh("crimekg-docs")

    documents = [(graph, "\n".join(line[: line.rindex("<", 0, len(line) - 2)].rstrip() + " ." for line in lines))
                 for graph, lines in synth.SynthCorpus(activities, seed=seed).graphs()]

    def crimekg_documents() -> int:
        with open_store(str(docs_dir)) as kg:
            for graph, body in documents:
                kg.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")
            return kg.count()

    out["crimekg_documents"], out["crimekg_documents_quads"] = measure(crimekg_documents)
    documents.clear()
    shutil.rmtree(docs_dir, ignore_errors=True)

    def rdflib_memory() -> int:
        dataset = Dataset()
        dataset.parse(str(corpus_file), format="nquads")
        return sum(1 for _ in dataset.quads((None, None, None, None)))

    out["rdflib"], out["rdflib_quads"] = measure(rdflib_memory)
    out["store_dir"] = bulk_dir
    return out


# ---------------------------------------------------------------- partners


def bench_partners(store_dir: Path, corpus_file: Path, sample: int, seed: int, baseline: bool = True
                   ) -> dict[str, Any]:
    from crimekg.graph.network.links_fast import fast_actor_links, instances, vocabulary
    from crimekg.graph.network.reader import reader_for
    from crimekg.graph.relations import actor_links_sparql
    from crimekg.graph.store import open_store
    from rdflib import URIRef

    out: dict[str, Any] = {}
    with open_store(str(store_dir)) as kg:
        reader = reader_for(kg)
        actors = sorted(instances(reader, vocabulary(reader).actor_classes))
        chosen = random.Random(seed).sample(actors, min(sample, len(actors)))
        degree = {a: len(reader.subjects("https://w3id.org/crimekg/ontology#participatingCountry", a)) +
                  len(reader.subjects("https://w3id.org/crimekg/ontology#organizer", a)) for a in actors}
        top = max(actors, key=lambda a: (degree[a], a))
        out["actors"], out["top"] = len(chosen), top
        for name, fn in (("sparql", actor_links_sparql), ("fast_disk", fast_actor_links))[0 if baseline else 1:]:
            times, counts = [], []
            for actor in chosen:
                timing, links = measure(lambda fn=fn, actor=actor: fn(kg, URIRef(actor)))
                times.append(timing.best)
                counts.append(len(links))
            out[name] = times
            out["links"] = counts
            out[name + "_top"], top_links = measure(lambda fn=fn: fn(kg, URIRef(top)))
            out["top_links"] = len(top_links)
        out["fast_disk_top_bare"], _ = measure(lambda: fast_actor_links(kg, URIRef(top), evidence=False))
        if baseline:
            out["sparql_top_bare"], _ = measure(lambda: actor_links_sparql(kg, URIRef(top), evidence=False))
    memory = memory_store(corpus_file)
    out["fast_memory"] = [measure(lambda actor=actor: fast_actor_links(memory, URIRef(actor)))[0].best
                          for actor in chosen]
    out["fast_memory_top"], _ = measure(lambda: fast_actor_links(memory, URIRef(top)))
    out["fast_memory_top_bare"], _ = measure(lambda: fast_actor_links(memory, URIRef(top), evidence=False))
    memory.close()  # on-disk reads measured while it lives are slower (see memory_store)
    return out


def memory_store(corpus_file: Path) -> Any:
    """The corpus in an in-memory store (untimed).

    Load it only once the on-disk measurements of a section are done, and close it after its own: while
    the 1.26 M quads live in the process, the on-disk projection was measured 15-50% slower (0.9-1.0 s
    without it, 1.1-1.7 s with it, same process and store, 2026-11-23).
    """
    import pyoxigraph as ox
    from crimekg.graph.store import open_store

    memory = open_store("memory")
    memory.oxstore.bulk_load(path=str(corpus_file), format=ox.RdfFormat.N_QUADS)
    return memory


def rdflib_partner_probe(corpus_file: Path, actor: str, limit: int) -> str:
    """Time relations.actor_links_sparql over an rdflib in-memory Dataset in a child process, stopped after
    *limit* s."""
    code = (
        "import sys, time\n"
        "from rdflib import Dataset, URIRef\n"
        "from crimekg.graph.store import KGStore\n"
        "from crimekg.graph.relations import actor_links_sparql\n"
        "d = Dataset(default_union=True); d.parse(sys.argv[1], format='nquads')\n"
        "kg = KGStore('rdflib', d, None, True)\n"
        "t = time.perf_counter(); links = actor_links_sparql(kg, URIRef(sys.argv[2]))\n"
        "print(time.perf_counter() - t, len(links))\n"
    )
    try:
        done = subprocess.run([sys.executable, "-c", code, str(corpus_file), actor], capture_output=True,
                              text=True, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return f"not finished after {limit} s (parse included)"
    except subprocess.CalledProcessError as exc:
        return f"failed: {exc.stderr.strip().splitlines()[-1] if exc.stderr else exc}"
    seconds, count = done.stdout.split()
    return f"{float(seconds):.2f} s ({count} links)"


# ---------------------------------------------------------------- projection


def bench_projection(store_dir: Path, corpus_file: Path, repeat: int, baseline: bool) -> dict[str, Any]:
    import networkx as nx
    from crimekg.graph.network.projection import cooperation_graph
    from crimekg.graph.relations import actor_links_sparql
    from crimekg.graph.store import open_store

    out: dict[str, Any] = {}
    with open_store(str(store_dir)) as kg:
        for evidence in (False, True):
            out[f"disk_{evidence}"], G = measure(lambda evidence=evidence: cooperation_graph(kg, evidence=evidence),
                                                 repeat)
        out["nodes"], out["edges"] = G.number_of_nodes(), G.number_of_edges()
        if baseline:
            def naive() -> nx.Graph:
                H = nx.Graph()
                for link in actor_links_sparql(kg, evidence=False):
                    if H.has_edge(link.source, link.target):
                        H.edges[link.source, link.target]["kinds"].add(link.kind)
                    else:
                        H.add_edge(link.source, link.target, kinds={link.kind})
                return H

            out["baseline"], H = measure(naive)
            out["baseline_edges"] = H.number_of_edges()
    memory = memory_store(corpus_file)  # after the on-disk measurements (see memory_store)
    for evidence in (False, True):
        out[f"memory_{evidence}"], G = measure(lambda evidence=evidence: cooperation_graph(memory, evidence=evidence),
                                               repeat)
    out["graph"] = cooperation_graph(memory, evidence=False)
    memory.close()
    return out


# ---------------------------------------------------------------- centrality


def synthetic_network(n: int, m: int, seed: int) -> tuple[Any, list[tuple[int, int]], list[float]]:
    """A weighted graph of n actors and exactly m edges with skewed degrees (numpy draws), as networkx."""
    import networkx as nx
    import numpy as np

    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, n + 1) ** 0.6
    weights /= weights.sum()
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < m:
        a, b = rng.choice(n, size=2 * m, p=weights), rng.choice(n, size=2 * m, p=weights)
        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            if x != y:
                pairs.add((x, y) if x < y else (y, x))
                if len(pairs) == m:
                    break
    edges = sorted(pairs)
    values = rng.integers(1, 5, size=m).astype(float).tolist()
    G = nx.Graph()
    names = [f"https://w3id.org/crimekg/id/actor-{i}" for i in range(n)]
    G.add_nodes_from((name, {"label": f"Actor {i}", "type": "GovernmentAgency"}) for i, name in enumerate(names))
    G.add_weighted_edges_from((names[a], names[b], w) for (a, b), w in zip(edges, values, strict=True))
    return G, edges, values


def igraph_report(n: int, edges: list[tuple[int, int]], weights: list[float]) -> Callable[[], Any]:
    """The six measures computed by igraph directly on an igraph graph (built outside the timing)."""
    import igraph as ig

    g = ig.Graph(n=n, edges=edges)
    g.es["weight"] = weights

    def run() -> Any:
        return (g.degree(), g.strength(weights="weight"), g.betweenness(directed=False), g.closeness(),
                g.eigenvector_centrality(weights="weight"), g.pagerank(weights="weight", directed=False))

    return run


def networkx_report(G: Any) -> Any:
    """The six measures with networkx's defaults (exact betweenness, power-iteration eigenvector)."""
    import networkx as nx

    return (nx.degree_centrality(G), dict(G.degree(weight="weight")), nx.betweenness_centrality(G),
            nx.closeness_centrality(G), nx.eigenvector_centrality(G, weight="weight", max_iter=1000),
            nx.pagerank(G, weight="weight"))


def crimekg_report(G: Any) -> Any:
    from crimekg.graph.network.centrality import centrality, centrality_rows

    return centrality_rows(G, centrality(G))


def igraph_of(G: Any) -> tuple[int, list[tuple[int, int]], list[float]]:
    index = {v: i for i, v in enumerate(G)}
    edges = [(index[u], index[v]) for u, v in G.edges()]
    return len(index), edges, [float(w) for _, _, w in G.edges(data="weight", default=1.0)]


def bench_centrality(medium: tuple[int, int], large: tuple[int, int], corpus_graph: Any) -> dict[str, Any]:
    from crimekg.graph.network.centrality import pick_engine

    out: dict[str, Any] = {}
    tiny, edges, weights = synthetic_network(300, 3_000, seed=0)  # imports and first calls outside the timings
    networkx_report(tiny), igraph_report(300, edges, weights)(), crimekg_report(tiny)
    mid, edges, weights = synthetic_network(*medium, seed=1)
    out["medium"] = {"n": medium[0], "m": medium[1], "engine": pick_engine(mid)}
    out["medium"]["networkx"], _ = measure(lambda: networkx_report(mid))
    out["medium"]["igraph"], _ = measure(igraph_report(medium[0], edges, weights))
    out["medium"]["crimekg"], _ = measure(lambda: crimekg_report(mid))
    big, edges, weights = synthetic_network(*large, seed=2)
    out["large"] = {"n": large[0], "m": large[1], "engine": pick_engine(big)}
    baseline, ours = igraph_report(large[0], edges, weights), (lambda: crimekg_report(big))
    out["large"]["igraph"], out["large"]["crimekg"] = Timing(), Timing()
    for _ in range(2):  # interleaved, so both see the same machine load
        out["large"]["igraph"].seconds += measure(baseline)[0].seconds
        out["large"]["crimekg"].seconds += measure(ours)[0].seconds
    big.clear()
    n, edges, weights = igraph_of(corpus_graph)
    out["corpus"] = {"n": n, "m": len(edges), "engine": pick_engine(corpus_graph)}
    out["corpus"]["networkx"], _ = measure(lambda: networkx_report(corpus_graph))
    out["corpus"]["igraph"], _ = measure(igraph_report(n, edges, weights))
    out["corpus"]["crimekg"], _ = measure(lambda: crimekg_report(corpus_graph))
    from crimekg.graph.network.communities import detect_communities

    out["corpus"]["louvain"], result = measure(lambda: detect_communities(corpus_graph, "louvain", seed=0))
    out["corpus"]["louvain_q"] = result.modularity
    out["corpus"]["leiden"], result = measure(lambda: detect_communities(corpus_graph, "leiden", seed=0))
    out["corpus"]["leiden_q"] = result.modularity
    return out


# ---------------------------------------------------------------- report


def versions() -> str:
    import igraph
    import networkx
    import pyoxigraph
    import rdflib

    return (f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, "
            f"networkx {networkx.__version__}, igraph {igraph.__version__}; {os.cpu_count()} CPUs, "
            f"{platform.machine()} {platform.system()}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(args: argparse.Namespace, corpus: dict[str, Any], load: dict[str, Any], partners: dict[str, Any],
           probe: str, projection: dict[str, Any], cent: dict[str, Any], total: float) -> str:
    quads = load["quads"]
    raw = load["raw_disk"].best
    lines = [
        BEGIN,
        "## crimekg scale benchmark (`benchmarks/run.py`)",
        "",
        f"Command: `{' '.join(['python', 'benchmarks/run.py', *args.argv])}` "
        f"(run on {time.strftime('%Y-%m-%d')}, {total / 60:.1f} min).  ",
        f"Machine: {versions()}.  ",
        "All numbers are measured in that one run (best of the repetitions where there were several); "
        "the machine was shared with other jobs, so expect some noise.",
        "",
        f"Corpus: `benchmarks/synth.py --activities {args.activities}`: {corpus['activities']} activities, "
        f"{corpus['actors']} actors, {corpus['documents']} documents, {corpus['facts']} facts with assertions, "
        f"**{quads:,} quads** ({corpus['megabytes']:.0f} MB of N-Quads, written in {corpus['seconds']:.1f} s).",
        "",
        "### Load",
        "",
        "| what | time | quads/s | vs raw pyoxigraph (disk) |",
        "|---|---|---|---|",
    ]
    rows = [("rdflib in-memory `Dataset.parse` (baseline)", load["rdflib"]),
            ("raw pyoxigraph `Store.bulk_load`, on disk (baseline)", load["raw_disk"]),
            ("raw pyoxigraph `Store.bulk_load`, in memory (baseline)", load["raw_memory"]),
            ("`crimekg load` into an empty on-disk store (bulk load + compaction)", load["crimekg_bulk"]),
            ("crimekg per-document transactions (one SPARQL update per named graph, as build/ingest)",
             load["crimekg_documents"])]
    for name, timing in rows:
        lines.append(f"| {name} | {fmt_s(timing.best)} | {quads / timing.best:,.0f} | {ratio(timing.best, raw)} |")
    verdict = "met" if load["crimekg_bulk"].best <= 1.5 * raw else "missed"
    lines += ["", f"Target: load ~1M triples within 1.5x raw pyoxigraph: **{verdict}** with the bulk path "
              f"({ratio(load['crimekg_bulk'].best, raw)}); the per-document path, which keeps each document "
              f"atomic, is {ratio(load['crimekg_documents'].best, raw)}.", ""]
    lines += [f"Reading every quad back (`quads_for_pattern`, Python iteration): on disk "
              f"{fmt_s(load['scan_disk'].best)}, in memory {fmt_s(load['scan_memory'].best)} "
              f"({ratio(load['scan_disk'].best, load['scan_memory'].best)}): on disk each term of a result is "
              "looked up in RocksDB, which is what makes the on-disk columns below slower than the in-memory ones.",
              ""]
    lines += partner_lines(args, partners, probe)
    lines += projection_lines(args, projection)
    lines += ["### Centrality report", "",
              "Degree, weighted degree, betweenness (exact), closeness, eigenvector and PageRank of every actor. "
              "crimekg = `centrality(G)` + ranked rows from a networkx graph (the `auto` engine converts to "
              "igraph above 2,000 edges and maps back); igraph = the same measures called on an igraph graph "
              "built beforehand; networkx = networkx's defaults.", "",
              "| graph | engine | crimekg | igraph | networkx defaults | crimekg / igraph |",
              "|---|---|---|---|---|---|"]
    for key, name in (("medium", "synthetic"), ("corpus", "corpus projection"), ("large", "synthetic")):
        c = cent[key]
        nxt = fmt_s(c["networkx"].best) if "networkx" in c else "not run (see below)"
        lines.append(f"| {name}: {c['n']:,} actors / {c['m']:,} edges | {c['engine']} | {fmt_s(c['crimekg'].best)} | "
                     f"{fmt_s(c['igraph'].best)} | {nxt} | {ratio(c['crimekg'].best, c['igraph'].best)} |")
    large = cent["large"]
    lines += ["", f"Target: full report on {large['n']:,} actors / {large['m']:,} edges within 2x igraph: "
              f"**{'met' if large['crimekg'].best <= 2 * large['igraph'].best else 'missed'}** "
              f"({ratio(large['crimekg'].best, large['igraph'].best)}; best of 2, interleaved).  Pure networkx "
              "is not run on that graph: its exact betweenness grows with actors x edges (compare its time on the "
              "two smaller graphs).", "",
              f"Communities of the corpus projection: Louvain (networkx) {fmt_s(cent['corpus']['louvain'].best)}, "
              f"modularity {cent['corpus']['louvain_q']:.3f}; Leiden (igraph) {fmt_s(cent['corpus']['leiden'].best)}, "
              f"modularity {cent['corpus']['leiden_q']:.3f}.", "", END]
    return "\n".join(lines)


SECTIONS = ("partners", "projection")
"""Sections ``--only`` can run on their own (load and centrality need the whole run)."""


def _sections(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in SECTIONS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(SECTIONS)} (comma-separated), not {text!r}")
    return names


def loaded_store(corpus_file: Path, path: Path) -> Path:
    """An on-disk store of the corpus, loaded as ``crimekg load`` does (untimed: for --only)."""
    from crimekg.graph.bulkload import bulk_load
    from crimekg.graph.store import open_store

    shutil.rmtree(path, ignore_errors=True)
    with open_store(path) as kg:
        bulk_load(kg, corpus_file)
    return path


def run_only(args: argparse.Namespace, corpus_file: Path, corpus: dict[str, Any], started: float,
             say: Callable[[str], None]) -> int:
    """``--only``: the chosen sections, printed (README untouched), the store loaded without timing."""

    say("loading the store (untimed)")
    store_dir = loaded_store(corpus_file, args.workdir / "crimekg-bulk")
    lines = [f"Command: `{' '.join(['python', 'benchmarks/run.py', *args.argv])}`; {versions()}.",
             f"Corpus: {corpus['activities']} activities, {corpus['actors']} actors.", ""]
    results: dict[str, Any] = {}
    if "partners" in args.only:
        say("partners")
        partners = bench_partners(store_dir, corpus_file, args.sample, args.seed, baseline=False)
        results["partners"] = partners
        lines += partner_lines(args, partners)
    if "projection" in args.only:
        say("projection")
        projection = bench_projection(store_dir, corpus_file, args.repeat, baseline=False)
        projection.pop("graph")
        results["projection"] = projection
        lines += projection_lines(args, projection)
    print("\n".join(lines))
    say(f"done in {time.perf_counter() - started:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(_plain({"corpus": corpus, **results}), indent=2))
    shutil.rmtree(args.workdir, ignore_errors=True)
    return 0


def _plain(value: Any) -> Any:
    if isinstance(value, Timing):
        return value.seconds
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in ("memory_store", "store_dir", "graph")}
    return value if isinstance(value, (int, float, str, list)) else str(value)


def partner_lines(args: argparse.Namespace, partners: dict[str, Any], probe: str | None = None) -> list[str]:
    """The partner-query section of the report."""
    lines = ["### Partners of one actor", "",
             f"{partners['actors']} actors drawn at random (seed {args.seed}; median "
             f"{statistics.median(partners['links']):.0f} links, max {max(partners['links'])}), plus the actor "
             f"with the most activities "
             f"(`{partners['top'].rsplit('/', 1)[-1]}`, {partners['top_links']:,} links).  With evidence; the "
             "most-linked actor also without (`evidence=False`, the links and their hubs only).", "",
             "| what | median | p90 | max | most-linked actor | most-linked, no evidence |",
             "|---|---|---|---|---|---|"]
    for name, key in (("baseline: `relations.actor_links_sparql` (SPARQL through the rdflib API, Oxigraph's engine), "
                       "on disk", "sparql"),
                      ("`links_fast.fast_actor_links` (what `actor_links` runs on an embedded store), on disk",
                       "fast_disk"),
                      ("`links_fast.fast_actor_links`, in memory", "fast_memory")):
        if key not in partners:
            continue
        values = partners[key]
        bare = partners.get(key + "_top_bare")
        lines.append(f"| {name} | {fmt_s(statistics.median(values))} | {fmt_s(percentile(values, 0.9))} | "
                     f"{fmt_s(max(values))} | {fmt_s(partners[key + '_top'].best)} | "
                     f"{fmt_s(bare.best) if bare else ''} |")
    fast = statistics.median(partners["fast_disk"])
    if probe is not None:
        lines += ["", "rdflib in-memory store, same `actor_links_sparql` (rdflib's SPARQL engine), one actor, "
                  f"on a corpus of only {PROBE_ACTIVITIES} activities: {probe}."]
    versus = (f", {ratio(statistics.median(partners['sparql']), fast)} faster than `actor_links_sparql`"
              if "sparql" in partners else "")
    lines += ["", f"Target: partners of one actor under 50 ms: **{'met' if fast < 0.05 else 'missed'}** for the "
              f"typical actor (median {fmt_s(fast)} on disk{versus}); the most-linked actor takes "
              f"{fmt_s(partners['fast_disk_top'].best)} on disk with evidence, "
              f"{fmt_s(partners['fast_disk_top_bare'].best)} without.", ""]
    return lines


def projection_lines(args: argparse.Namespace, projection: dict[str, Any]) -> list[str]:
    """The all-pairs projection section of the report."""
    lines = ["### All-pairs projection (`cooperation_graph`)", "",
             f"The whole cooperation network: {projection['nodes']:,} actors, {projection['edges']:,} edges "
             f"(best of {args.repeat}; median in brackets).", "",
             "| what | on disk | in memory |", "|---|---|---|"]
    for evidence, label in ((False, "evidence off (centrality, communities)"), (True, "with evidence (maps, export)")):
        d, m = projection[f"disk_{evidence}"], projection[f"memory_{evidence}"]
        lines.append(f"| crimekg, {label} | {fmt_s(d.best)} ({fmt_s(d.median)}) | "
                     f"{fmt_s(m.best)} ({fmt_s(m.median)}) |")
    if "baseline" in projection:
        lines.append(f"| baseline: `actor_links_sparql(evidence=False)` + networkx | "
                     f"{fmt_s(projection['baseline'].best)} | |")
    best_memory, best_disk = projection["memory_False"].best, projection["disk_False"].best
    met = best_memory < 1 and best_disk < 1
    lines += ["", f"Target: all-pairs projection under 1 s: **{'met' if met else 'missed'}** "
              f"(best without evidence: {fmt_s(best_memory)} in memory, {fmt_s(best_disk)} on disk)."
              + (f"  {ratio(projection['baseline'].best, best_disk)} faster than the baseline."
                 if "baseline" in projection else ""), ""]
    return lines


def write_readme(section: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else "# crimekg benchmarks\n\n" + BEGIN + "\n" + END
    if BEGIN in text and END in text:
        start, end = text.index(BEGIN), text.index(END) + len(END)
        text = text[:start] + section + text[end:]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    README.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 activities and smaller graphs (~2 min)")
    parser.add_argument("--activities", type=int, default=None, help="corpus size (default 10,000; quick 2,000)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of the projection (default 3)")
    parser.add_argument("--sample", type=int, default=30, help="actors in the partner-query sample")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "crimekg-bench")
    parser.add_argument("--no-readme", action="store_true", help="print only, do not update benchmarks/README.md")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw timings as JSON here")
    parser.add_argument("--only", type=_sections, default=None, metavar="SECTIONS",
                        help=f"run only these sections, comma-separated, of: {', '.join(SECTIONS)} (prints them; "
                             "benchmarks/README.md is left alone); the store is then loaded untimed")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    args.activities = args.activities or (2_000 if args.quick else 10_000)
    medium, large = ((400, 4_000), (2_000, 60_000)) if args.quick else ((1_000, 20_000), (5_000, 400_000))
    started = time.perf_counter()
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    synth = _load_synth()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    say(f"corpus: {args.activities} activities")
    corpus_file = work / f"synth-{args.activities}.nq"
    t0 = time.perf_counter()
    corpus_obj = synth.SynthCorpus(args.activities, seed=args.seed)
    synth.write_corpus(corpus_obj, corpus_file)
    corpus = {**corpus_obj.stats, "seconds": time.perf_counter() - t0,
              "megabytes": corpus_file.stat().st_size / 1e6}
    if args.only is not None:
        return run_only(args, corpus_file, corpus, started, say)
    say("load")
    load = bench_load(corpus_file, synth, args.activities, args.seed, work)
    say("partners")
    partners = bench_partners(load["store_dir"], corpus_file, args.sample, args.seed)
    say("rdflib partner probe")
    small = work / "synth-probe.nq"
    synth.write_corpus(synth.SynthCorpus(PROBE_ACTIVITIES, seed=args.seed), small)
    probe = rdflib_partner_probe(small, "https://w3id.org/crimekg/id/governmentagency-10", PROBE_SECONDS)
    say("projection")
    projection = bench_projection(load["store_dir"], corpus_file, args.repeat, baseline=True)
    say("centrality")
    cent = bench_centrality(medium, large, projection.pop("graph"))
    total = time.perf_counter() - started
    section = report(args, corpus, load, partners, probe, projection, cent, total)
    print(section)
    if not args.no_readme:
        write_readme(section)
        say(f"updated {README}")
    if args.json:
        args.json.write_text(json.dumps(_plain({"corpus": corpus, "load": load, "partners": partners, "probe": probe,
                                                "projection": projection, "centrality": cent}), indent=2))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
