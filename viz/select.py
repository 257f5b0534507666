"""Choosing what a map shows: one actor's neighbourhood (ego view) or the top-N actors.

Actors are named by IRI, by key (the last IRI segment), by label or by an
alias, case- and accent-insensitively.

>>> import networkx as nx
>>> G = nx.path_graph(["https://w3id.org/crimekg/id/a", "https://w3id.org/crimekg/id/b",
...                    "https://w3id.org/crimekg/id/c"])
>>> nx.set_node_attributes(G, {"https://w3id.org/crimekg/id/a": "Alpha"}, "label")
>>> resolve_actor(G, "alpha")
'https://w3id.org/crimekg/id/a'
>>> sorted(ego_subgraph(G, "a", 1).nodes)
['https://w3id.org/crimekg/id/a', 'https://w3id.org/crimekg/id/b']
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Hashable, Iterable

import networkx as nx
from crimekg.graph.errors import NotFoundError, UsageError


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of ``text`` used for matching.

    >>> fold("  Perú  ")
    'peru'
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def _names(node: Hashable, data: dict) -> Iterable[str]:
    iri = str(node)
    yield iri
    yield iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    if data.get("label"):
        yield str(data["label"])
    yield from (str(a) for a in (data.get("aliases") or []) if a)


def resolve_actor(G: nx.Graph, name: str) -> Hashable:
    """The node of ``G`` that ``name`` designates; NotFoundError or UsageError otherwise.

    An exact IRI wins; then key, label and alias matches.  Several matching
    actors is an error that lists them.
    """
    if name in G:
        return name
    wanted = fold(name)
    hits = [n for n, d in G.nodes(data=True) if any(fold(x) == wanted for x in _names(n, d))]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        listed = "; ".join(sorted(f"{G.nodes[n].get('label', n)} <{n}>" for n in hits)[:8])
        raise UsageError(f"actor {name!r} is ambiguous: {listed}")
    labels = {fold(str(d.get("label") or n)): str(d.get("label") or n) for n, d in G.nodes(data=True)}
    close = difflib.get_close_matches(wanted, list(labels), n=5, cutoff=0.6)
    hint = f"; did you mean: {', '.join(labels[c] for c in close)}?" if close else ""
    raise NotFoundError(f"unknown actor {name!r} in the cooperation graph{hint}")


def ego_subgraph(G: nx.Graph, name: str, depth: int = 1) -> nx.Graph:
    """Actors within ``depth`` links of the actor ``name``, with the links among them.

    The centre is recorded as ``H.graph["focus"]``.
    """
    if depth < 0:
        raise UsageError(f"--depth must be 0 or more, not {depth}")
    centre = resolve_actor(G, name)
    H = nx.ego_graph(G, centre, radius=depth, undirected=True).copy()
    H.graph["focus"] = centre
    return H


def top_nodes(G: nx.Graph, scores: dict[Hashable, float], n: int, keep: Iterable[Hashable] = ()) -> nx.Graph:
    """Subgraph of the ``n`` best-scoring nodes (ties broken by label, then IRI), plus any of ``keep``.

    >>> import networkx as nx
    >>> G = nx.star_graph(4)
    >>> sorted(top_nodes(G, {0: 1.0, 1: 0.5, 2: 0.1, 3: 0.1, 4: 0.0}, 2).nodes)
    [0, 1]
    """
    if n < 1:
        raise UsageError(f"--top must be 1 or more, not {n}")
    if n >= G.number_of_nodes():
        return G
    ranked = sorted(G.nodes, key=lambda v: (-scores.get(v, 0.0), str(G.nodes[v].get("label", "")), str(v)))
    chosen = set(ranked[:n]) | {v for v in keep if v in G}
    H = G.subgraph(chosen).copy()
    if H.graph.get("focus") not in chosen:
        H.graph.pop("focus", None)
    return H
