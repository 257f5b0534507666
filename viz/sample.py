"""Synthetic cooperation graphs following the ``crimekg.graph.network`` contract.

For benchmarks and for testing how maps cope with size; they carry no real
facts (labels are "Actor 17", sentences are placeholders).

>>> G = synthetic_graph(50, 200, seed=1)
>>> G.number_of_nodes(), G.number_of_edges()
(50, 200)
>>> sorted(G.edges[next(iter(G.edges))])
['evidence', 'kinds', 'programmes', 'threats', 'weight', 'years']
"""

from __future__ import annotations

import random

import networkx as nx
from crimekg.viz.theme import KIND_STYLES, TYPE_STYLES

ID = "https://w3id.org/crimekg/id/"
DOC = "https://w3id.org/crimekg/doc/"
THREATS = ("drug trafficking", "money laundering", "human trafficking", "cybercrime", "arms trafficking")
PROGRAMMES = ("CRIMJUST", "EL PAcCTO", "Cocaine Route Programme", "SEACOP")


def synthetic_graph(n_nodes: int = 500, n_edges: int = 12_000, *, seed: int = 0) -> nx.Graph:
    """A random graph of ``n_nodes`` actors and exactly ``n_edges`` links (skewed degrees, shared evidence)."""
    max_edges = n_nodes * (n_nodes - 1) // 2
    if n_edges > max_edges:
        raise ValueError(f"{n_nodes} nodes allow at most {max_edges} edges")
    rng = random.Random(seed)
    types = list(TYPE_STYLES)
    kinds = list(KIND_STYLES)
    G = nx.Graph()
    for i in range(n_nodes):
        located = rng.random() < 0.4
        G.add_node(
            f"{ID}actor-{i}",
            label=f"Actor {i}",
            type=rng.choice(types),
            aliases=[f"A{i}", f"Akteur {i}"],
            lat=round(rng.uniform(-55, 60), 2) if located else None,
            lon=round(rng.uniform(-120, 40), 2) if located else None,
            country=None,
            threats=rng.sample(THREATS, rng.randint(0, 2)),
            programmes=rng.sample(PROGRAMMES, rng.randint(0, 1)),
        )
    nodes = list(G.nodes)
    activities = [
        {
            "kind": rng.choice(kinds),
            "via": f"{ID}activity-{a}",
            "via_label": f"Activity {a}",
            "document": f"{DOC}doc-{a % 97}",
            "title": f"Report {a % 97}",
            "date": f"{2010 + a % 15}-{1 + a % 12:02d}",
            "sentence": f"Placeholder sentence {a} describing a joint activity of several actors.",
        }
        for a in range(max(1, n_edges // 4))
    ]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(n_nodes)]
    while G.number_of_edges() < n_edges:
        u, v = rng.choices(nodes, weights=weights, k=2)
        if u == v or G.has_edge(u, v):
            continue
        evidence = rng.sample(activities, rng.randint(1, 3)) if len(activities) >= 3 else activities[:1]
        G.add_edge(
            u, v,
            weight=float(len(evidence)),
            kinds=sorted({e["kind"] for e in evidence}),
            evidence=evidence,
            threats=rng.sample(THREATS, rng.randint(0, 2)),
            programmes=rng.sample(PROGRAMMES, rng.randint(0, 1)),
            years=sorted({int(e["date"][:4]) for e in evidence}),
        )
    return G
