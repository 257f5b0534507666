"""Centrality of the actors of a cooperation network, computed with networkx or igraph.

Measures (networkx conventions, whichever engine computes them):

``degree``
    number of partners (neighbours).
``weighted_degree``
    sum of the weights of the actor's edges (see :mod:`.projection` for weight).
``betweenness``
    shortest-path betweenness over hop distances (weights ignored: a weight
    counts connections, it is not a length), normalised by
    (n-1)(n-2)/2 as ``networkx.betweenness_centrality``; exact, or estimated
    from ``sample`` source nodes drawn with ``seed`` (the same nodes networkx
    would draw).
``closeness``
    ``networkx.closeness_centrality`` over hop distances (Wasserman-Faust
    scaling on disconnected graphs).
``eigenvector``
    leading eigenvector of the weighted adjacency matrix, non-negative, unit
    Euclidean norm.  On a disconnected graph only the component with the
    largest eigenvalue gets non-zero scores, which is what the measure means
    for the whole graph.
``pagerank``
    weighted PageRank, damping 0.85.

Engines: ``networkx`` (pure Python, fine for small graphs), ``igraph`` (C;
the graph is converted, computed and mapped back), ``auto`` (igraph above
:data:`IGRAPH_ABOVE` edges).  Both give the same values up to floating point
(tests/test_network_centrality.py); PageRank differs in the 6th decimal
(networkx iterates to 1e-6, igraph solves exactly).

>>> import networkx as nx
>>> G = nx.path_graph(["a", "b", "c"])
>>> scores = centrality(G, ["degree", "betweenness"], engine="networkx")
>>> scores["degree"]["b"], scores["betweenness"]["b"]
(2.0, 1.0)
>>> centrality(G, ["betweenness"], engine="igraph")["betweenness"]["b"]
1.0
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import networkx as nx
import numpy as np

from ..errors import UsageError

MEASURES = ("degree", "weighted_degree", "betweenness", "closeness", "eigenvector", "pagerank")
ENGINES = ("auto", "networkx", "igraph")
IGRAPH_ABOVE = 2000
"""``auto`` uses igraph for graphs with more edges than this."""
DAMPING = 0.85

Scores = dict[str, dict[Hashable, float]]


def check_measures(measures: Sequence[str] | None) -> list[str]:
    """The measures asked for, in :data:`MEASURES` order (all when None); UsageError for unknown ones."""
    if not measures:
        return list(MEASURES)
    for m in measures:
        if m not in MEASURES:
            raise UsageError(f"unknown measure {m!r}; choose from {', '.join(MEASURES)}")
    return [m for m in MEASURES if m in measures]


def pick_engine(G: nx.Graph, engine: str = "auto") -> str:
    """``networkx`` or ``igraph`` for *G*.

    >>> pick_engine(nx.path_graph(3))
    'networkx'
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if engine == "auto":
        return "igraph" if G.number_of_edges() > IGRAPH_ABOVE else "networkx"
    return engine


def sample_sources(G: nx.Graph, sample: int | None, seed: int | None) -> list[Hashable] | None:
    """The source nodes networkx draws for ``betweenness_centrality(G, k=sample, seed=seed)``."""
    if sample is None or sample >= G.number_of_nodes():
        return None
    if sample < 1:
        raise UsageError(f"--sample must be 1 or more, not {sample}")
    return random.Random(seed).sample(list(G.nodes()), sample)


def eigenvector(nodes: list[Hashable], rows: np.ndarray, cols: np.ndarray, weights: np.ndarray) -> dict:
    """Leading eigenvector of the symmetric weighted adjacency given as an edge list (see module docs)."""
    n = len(nodes)
    if n == 0:
        return {}
    if len(rows) == 0:
        return dict.fromkeys(nodes, 0.0)
    import scipy.sparse as sp

    matrix = sp.coo_array((np.concatenate([weights, weights]), (np.concatenate([rows, cols]),
                                                                 np.concatenate([cols, rows]))), shape=(n, n))
    if n <= 200:
        values, vectors = np.linalg.eigh(matrix.toarray())
        vector = vectors[:, int(np.argmax(values))]
    else:
        from scipy.sparse.linalg import eigsh

        _, vectors = eigsh(matrix.tocsr().astype(float), k=1, which="LA", v0=np.ones(n), tol=1e-10)
        vector = vectors[:, 0]
    vector = np.abs(vector)
    vector[vector < 1e-12] = 0.0
    norm = float(np.linalg.norm(vector))
    return {node: float(v / norm) if norm else 0.0 for node, v in zip(nodes, vector, strict=True)}


def _edge_arrays(G: nx.Graph, index: dict[Hashable, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows, cols, weights = [], [], []
    for u, v, w in G.edges(data="weight", default=1.0):
        if u == v:
            continue
        rows.append(index[u])
        cols.append(index[v])
        weights.append(float(w))
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(weights, dtype=float)


def _networkx(G: nx.Graph, measures: list[str], sources: list[Hashable] | None, seed: int | None) -> Scores:
    out: Scores = {}
    runners: dict[str, Callable[[], dict]] = {
        "degree": lambda: {n: float(d) for n, d in G.degree()},
        "weighted_degree": lambda: {n: float(d) for n, d in G.degree(weight="weight")},
        "betweenness": lambda: nx.betweenness_centrality(G, k=None if sources is None else len(sources), seed=seed),
        "closeness": lambda: nx.closeness_centrality(G),
        "eigenvector": lambda: eigenvector(list(G), *_edge_arrays(G, {n: i for i, n in enumerate(G)})),
        "pagerank": lambda: nx.pagerank(G, alpha=DAMPING, weight="weight"),
    }
    for m in measures:
        out[m] = runners[m]()
    return out


def _igraph(G: nx.Graph, measures: list[str], sources: list[Hashable] | None) -> Scores:
    import igraph as ig

    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    rows, cols, weights = _edge_arrays(G, index)
    g = ig.Graph(n=len(nodes), edges=np.column_stack([rows, cols]).tolist() if len(rows) else [])
    n = len(nodes)
    out: Scores = {}
    for m in measures:
        if m == "degree":
            values: Any = g.degree()
        elif m == "weighted_degree":
            values = g.strength(weights=weights.tolist()) if len(rows) else [0.0] * n
        elif m == "betweenness":
            values = _igraph_betweenness(g, n, None if sources is None else [index[s] for s in sources])
        elif m == "closeness":
            values = _igraph_closeness(g, n)
        elif m == "eigenvector":
            out[m] = eigenvector(nodes, rows, cols, weights)
            continue
        else:
            values = g.pagerank(directed=False, damping=DAMPING, weights=weights.tolist() if len(rows) else None)
        out[m] = {node: float(v) for node, v in zip(nodes, values, strict=True)}
    return out


def _igraph_betweenness(g: Any, n: int, sources: list[int] | None) -> list[float]:
    if n < 3:
        return [0.0] * n
    if sources is None:
        raw = g.betweenness(directed=False)
        return [2.0 * b / ((n - 1) * (n - 2)) for b in raw]
    # networkx sums each sampled source's dependencies over ordered pairs (igraph halves them), then rescales
    raw = [2.0 * b for b in g.betweenness(directed=False, sources=sources)]
    k, big_n = len(sources), n - 1
    chosen = set(sources)
    source_scale = 1 / ((k - 1) * (big_n - 1)) if k > 1 else float("nan")
    other_scale = 1 / (k * (big_n - 1))
    return [b * (source_scale if i in chosen else other_scale) for i, b in enumerate(raw)]


def _igraph_closeness(g: Any, n: int) -> list[float]:
    if n < 2:
        return [0.0] * n
    raw = g.closeness(normalized=True)
    components = g.connected_components()
    sizes, membership = components.sizes(), components.membership
    out = []
    for i, c in enumerate(raw):
        reach = sizes[membership[i]]
        out.append(0.0 if c != c or reach < 2 else c * (reach - 1) / (n - 1))  # c != c: NaN (isolated)
    return out


def centrality(
    G: nx.Graph,
    measures: Sequence[str] | None = None,
    *,
    engine: str = "auto",
    seed: int | None = 0,
    sample: int | None = None,
) -> Scores:
    """Scores of every node for each measure: ``{measure: {node: float}}`` (see module docs)."""
    chosen = check_measures(measures)
    if G.is_directed() or G.is_multigraph():
        raise UsageError("centrality expects a simple undirected graph")
    sources = sample_sources(G, sample, seed) if "betweenness" in chosen else None
    if G.number_of_nodes() == 0:
        return {m: {} for m in chosen}
    if pick_engine(G, engine) == "igraph":
        return _igraph(G, chosen, sources)
    return _networkx(G, chosen, sources, seed)


def centrality_rows(
    G: nx.Graph,
    scores: Scores,
    *,
    sort_by: str | None = None,
    top: int | None = None,
    digits: int = 6,
) -> list[dict[str, Any]]:
    """Table rows, best first by *sort_by* (default: the first measure), ties by label then IRI."""
    measures = list(scores)
    if not measures:
        return []
    key = sort_by or measures[0]
    if key not in scores:
        raise UsageError(f"cannot sort by {key!r}: it was not computed (computed: {', '.join(measures)})")
    if top is not None and top < 1:
        raise UsageError(f"--top must be 1 or more, not {top}")
    ranked = sorted(G.nodes, key=lambda v: (-scores[key].get(v, 0.0), str(G.nodes[v].get("label", "")), str(v)))
    rows = []
    for rank, node in enumerate(ranked[:top] if top else ranked, start=1):
        data = G.nodes[node]
        row: dict[str, Any] = {"rank": rank, "actor": str(node), "label": data.get("label"), "type": data.get("type")}
        for m in measures:
            value = scores[m].get(node, 0.0)
            row[m] = int(value) if m == "degree" else round(value, digits)
        rows.append(row)
    return rows
