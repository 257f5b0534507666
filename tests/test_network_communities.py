"""Communities: seeded Louvain and Leiden, stable numbering, rows."""

from __future__ import annotations

import networkx as nx
import pytest
from crimekg.graph.errors import UsageError
from crimekg.graph.network.communities import community_rows, detect_communities
from crimekg.graph.network.projection import cooperation_graph


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_two_cliques_joined_by_one_edge(method):
    G = nx.barbell_graph(5, 0)
    result = detect_communities(G, method, seed=3)
    assert sorted(sorted(c) for c in result.communities) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    # modularity of that split, by hand: m = 21 edges, each side 10 internal edges and degree sum 21
    assert result.modularity == pytest.approx(2 * (10 / 21 - (21 / 42) ** 2))


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_same_seed_same_partition(seed_store, method):
    G = cooperation_graph(seed_store, evidence=False)
    first = detect_communities(G, method, seed=5)
    again = detect_communities(G, method, seed=5)
    assert first.communities == again.communities
    assert sum(len(c) for c in first.communities) == G.number_of_nodes()
    sizes = [len(c) for c in first.communities]
    assert sizes == sorted(sizes, reverse=True)
    assert first.modularity > 0.3


def test_rows_and_errors(seed_store):
    G = cooperation_graph(seed_store, evidence=False)
    result = detect_communities(G, seed=0)
    rows = community_rows(G, result)
    assert len(rows) == G.number_of_nodes()
    assert rows[0]["community"] == 1 and rows[0]["size"] == len(result.communities[0])
    membership = result.membership()
    assert all(membership[r["actor"]] == r["community"] for r in rows)
    with pytest.raises(UsageError):
        detect_communities(G, "infomap")
    with pytest.raises(UsageError):
        detect_communities(G, resolution=0)
    assert detect_communities(nx.Graph()).communities == []
