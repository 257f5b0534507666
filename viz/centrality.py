"""Centrality scores used to size nodes and to pick the top-N actors.

``size_by`` is one of :data:`MEASURES`, or the name of a numeric node
attribute already on every node (for instance one computed by
``crimekg.graph.network``).

>>> import networkx as nx
>>> G = nx.star_graph(3)
>>> scores = node_scores(G, "degree")
>>> max(scores, key=scores.get)
0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable

import networkx as nx
from crimekg.graph.errors import UsageError

BETWEENNESS_SAMPLE_ABOVE = 1000
"""Betweenness is estimated from this many sampled sources on larger graphs."""


def _weighted_degree(G: nx.Graph) -> dict[Hashable, float]:
    return {n: float(d) for n, d in G.degree(weight="weight")}


def _betweenness(G: nx.Graph) -> dict[Hashable, float]:
    k = BETWEENNESS_SAMPLE_ABOVE if G.number_of_nodes() > BETWEENNESS_SAMPLE_ABOVE else None
    return nx.betweenness_centrality(G, k=k, seed=0)


def _eigenvector(G: nx.Graph) -> dict[Hashable, float]:
    try:
        return nx.eigenvector_centrality_numpy(G, weight="weight")
    except (nx.NetworkXException, ArithmeticError, ValueError):
        return nx.degree_centrality(G)


MEASURES: dict[str, Callable[[nx.Graph], dict[Hashable, float]]] = {
    "degree": nx.degree_centrality,
    "weighted-degree": _weighted_degree,
    "pagerank": lambda G: nx.pagerank(G, weight="weight"),
    "betweenness": _betweenness,
    "eigenvector": _eigenvector,
    "closeness": nx.closeness_centrality,
}


def _finite(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def node_scores(G: nx.Graph, size_by: str = "degree") -> dict[Hashable, float]:
    """Score of every node of ``G`` under ``size_by`` (finite floats, 0.0 when undefined).

    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_node("a", score=3); G.add_node("b", score=1)
    >>> node_scores(G, "score")["a"]
    3.0
    """
    if G.number_of_nodes() == 0:
        return {}
    measure = MEASURES.get(size_by)
    if measure is not None:
        raw = measure(G)
    elif all(isinstance(d.get(size_by), (int, float)) for _, d in G.nodes(data=True)):
        raw = {n: d[size_by] for n, d in G.nodes(data=True)}
    else:
        choices = ", ".join(MEASURES)
        raise UsageError(f"unknown --size-by {size_by!r}: use one of {choices} or a numeric node attribute")
    return {n: _finite(raw.get(n, 0.0)) for n in G.nodes}


def normalise(scores: dict[Hashable, float]) -> dict[Hashable, float]:
    """Scores mapped to [0, 1] by square root of their share of the maximum (area ~ score).

    >>> normalise({"a": 4.0, "b": 1.0, "c": 0.0})
    {'a': 1.0, 'b': 0.5, 'c': 0.0}
    """
    top = max((v for v in scores.values() if v > 0), default=0.0)
    if top <= 0:
        return dict.fromkeys(scores, 0.0)
    return {n: math.sqrt(max(v, 0.0) / top) for n, v in scores.items()}
