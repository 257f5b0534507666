"""Big networkx graphs, fast: node pairs grouped with numpy, then the graph built in bulk.

The cooperation network of a large corpus joins a hundred thousand actor
pairs, met a quarter of a million times through shared activities.  Doing
that pair by pair in Python dicts, then ``add_edges_from``, costs about a
second; here pairs are integer codes grouped by one numpy sort
(:class:`PairTable`), and the adjacency dicts are filled directly
(:func:`graph_from_edges`).  Both keep the order the pairs were first met in,
so the graph comes out exactly as the pair-by-pair construction builds it
(tests/test_network_bulk.py).

>>> table = PairTable(["a", "b", "c"])
>>> table.add_pairs(1, [(0, 1)], 1); table.add_clique(0, [0, 1, 2], 0)
>>> grouped = table.group()
>>> grouped.pairs(), grouped.connections()
([('a', 'b'), ('a', 'c'), ('b', 'c')], [[0, 1], [0], [0]])
>>> grouped.reduce(np.array([1.0, 2.0]), np.add).tolist()
[3.0, 1.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations, repeat
from typing import Any

import networkx as nx
import numpy as np

__all__ = ["Grouped", "PairTable", "decode_bitsets", "graph_from_adjacency", "graph_from_edges"]


def graph_from_edges(edges: Iterable[tuple[str, str, dict[str, Any]]]) -> nx.Graph:
    """``G = nx.Graph(); G.add_edges_from(edges)``, built in bulk.

    The adjacency dicts are filled directly, in the order ``add_edges_from`` fills them: the same
    nodes, neighbours and attributes in the same order.  One difference: each attribute dict is
    used as it is, not copied (it is shared by both directions of its edge, as in networkx), so
    give every edge its own dict.

    >>> G = graph_from_edges([("a", "b", {"weight": 2.0}), ("b", "c", {"weight": 1.0})])
    >>> list(G), G.edges["b", "a"]["weight"], list(G.adj["b"])
    (['a', 'b', 'c'], 2.0, ['a', 'c'])
    """
    adj: dict[str, dict[str, dict[str, Any]]] = {}
    get = adj.get
    for a, b, attrs in edges:
        na = get(a)
        if na is None:
            na = adj[a] = {}
        nb = get(b)
        if nb is None:
            nb = adj[b] = {}
        old = na.get(b)
        if old is None:
            na[b] = attrs
            nb[a] = attrs
        else:  # a repeated pair updates the edge, as add_edges_from does
            old.update(attrs)
    return graph_from_adjacency(adj)


def graph_from_adjacency(adj: dict[str, dict[str, dict[str, Any]]]) -> nx.Graph:
    """The graph whose adjacency is *adj* (symmetric: ``adj[a][b] is adj[b][a]``), nodes in its key order,
    without attributes.  *adj* becomes the graph's own (not copied).

    >>> edge = {"weight": 1.0}
    >>> G = graph_from_adjacency({"a": {"b": edge}, "b": {"a": edge}})
    >>> list(G.edges(data=True))
    [('a', 'b', {'weight': 1.0})]
    """
    G = nx.Graph()
    G._node = {node: {} for node in adj}  # networkx resets its cached views when these two are set
    G._adj = adj
    return G


class PairTable:
    """Unordered pairs of *names* (sorted, distinct), each met with one or more connection ids.

    Nodes are given by their index in *names*.  Records come in groups ("hubs"), each with a rank;
    a hub's pairs are met in the order given (for a clique: ``itertools.combinations`` order), and
    hubs in rank order.  :meth:`group` gathers the records by pair: pairs come out as (smaller
    name, larger name), in the order they were first met, whatever order they were added in.
    """

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)
        self.size = len(self.names)
        self._chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []  # code, rank, step, conn
        self._codes: list[int] = []
        self._ranks: list[int] = []
        self._steps: list[int] = []
        self._conns: list[int] = []

    def __len__(self) -> int:
        """Number of (pair, connection) records added."""
        return len(self._codes) + sum(len(chunk[0]) for chunk in self._chunks)

    def add_pairs(self, rank: int, pairs: Sequence[tuple[int, int]], conn: int) -> None:
        """A hub of these pairs (a < b, met in this order) with connection *conn*."""
        n = self.size
        self._codes.extend([a * n + b for a, b in pairs])
        self._ranks.extend(repeat(rank, len(pairs)))
        self._steps.extend(range(len(pairs)))
        self._conns.extend(repeat(conn, len(pairs)))

    def add_clique(self, rank: int, members: Sequence[int], conn: int) -> None:
        """A hub linking every pair of *members* (sorted, distinct), met in ``combinations`` order."""
        self.add_pairs(rank, list(combinations(members, 2)), conn)

    def add_cliques(self, ranks: np.ndarray, members: np.ndarray, conns: np.ndarray) -> None:
        """Hubs of the same size at once: row i of *members* (sorted, distinct) is a clique with rank
        ``ranks[i]`` and connection ``conns[i]``."""
        hubs, k = members.shape
        if k < 2 or not hubs:
            return
        first, second = np.triu_indices(k, 1)  # the order of itertools.combinations
        per_hub = len(first)
        codes = (members[:, first] * self.size + members[:, second]).ravel()
        self._chunks.append((codes, np.repeat(ranks, per_hub), np.tile(np.arange(per_hub), hubs),
                             np.repeat(conns, per_hub)))

    def group(self) -> Grouped:
        """The records gathered by pair (a numpy sort)."""
        chunks = [*self._chunks, (np.array(self._codes, dtype=np.int64), np.array(self._ranks, dtype=np.int64),
                                  np.array(self._steps, dtype=np.int64), np.array(self._conns, dtype=np.int64))]
        codes, ranks, steps, conns = (np.concatenate(column) for column in zip(*chunks, strict=True))
        return Grouped(self.names, codes, ranks, steps, conns)


class Grouped:
    """The pairs of a :class:`PairTable`, first met first, and reductions of their connections."""

    def __init__(self, names: list[str], codes: np.ndarray, ranks: np.ndarray, steps: np.ndarray,
                 conns: np.ndarray) -> None:
        span = int(steps.max()) + 1 if len(steps) else 1
        if len(ranks) and int(ranks.max()) < (1 << 62) // span:
            met = ranks * span + steps  # the order records are met in, as one number
        else:
            met = np.empty(len(ranks), dtype=np.int64)
            met[np.lexsort((steps, ranks))] = np.arange(len(ranks))
        top = int(met.max()) + 1 if len(met) else 1
        if len(codes) and int(codes.max()) < (1 << 62) // top:  # by pair, then in the order met: one key
            order = np.argsort(codes * top + met)
        else:
            order = np.lexsort((met, codes))
        ordered = codes[order]
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1]))) if len(codes) else order
        seen = np.argsort(met[order[starts]])  # pairs in the order they were first met
        self._starts = starts
        self._seen = seen
        self._conns = conns[order]  # each record's connection, records grouped by pair
        self.codes = ordered[starts][seen]
        self.counts = np.diff(np.append(starts, len(ordered)))[seen]
        self.names = names
        self.size = len(names)

    def __len__(self) -> int:
        return len(self.codes)

    def pairs(self) -> list[tuple[str, str]]:
        """(a, b) names of each pair, a < b."""
        names = self.names
        return [(names[a], names[b]) for a, b in zip((self.codes // self.size).tolist(),
                                                     (self.codes % self.size).tolist(), strict=True)]

    def graph(self, attrs: Sequence[dict[str, Any]]) -> nx.Graph:
        """The graph with an edge per pair, ``attrs[i]`` the attributes of pair i (not copied): what
        :func:`graph_from_edges` builds from ``(a, b, attrs[i])`` in pair order, with the adjacency
        dicts made per node (``dict(zip(...))``) instead of edge by edge.
        """
        edges = len(self.codes)
        ends = np.empty(2 * edges, dtype=np.int64)  # a0 b0 a1 b1...: the order nodes are met in
        ends[0::2] = self.codes // self.size
        ends[1::2] = self.codes % self.size
        others = ends.reshape(-1, 2)[:, ::-1].ravel()
        # by node, each node's edges in pair order (a stable sort; of 16-bit numbers when they fit: radix sort)
        order = np.argsort(ends.astype(np.int16) if self.size < (1 << 15) else ends, kind="stable")
        ordered = ends[order]
        firsts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        nodes = ordered[firsts]
        counts = np.diff(np.append(firsts, len(ordered)))
        met = np.argsort(order[firsts])  # nodes in the order met
        names = np.empty(self.size, dtype=object)
        names[:] = self.names
        values = np.empty(edges, dtype=object)
        values[:] = attrs
        neighbours = names[others[order]].tolist()
        data = values[order // 2].tolist()
        adj: dict[str, dict[str, dict[str, Any]]] = {}
        for node, start, count in zip(names[nodes[met]].tolist(), firsts[met].tolist(), counts[met].tolist(),
                                      strict=True):
            adj[node] = dict(zip(neighbours[start:start + count], data[start:start + count], strict=True))
        return graph_from_adjacency(adj)

    def connections(self) -> list[list[int]]:
        """Connection ids of each pair, in the order they were met."""
        conns = self._conns.tolist()
        return [conns[s:s + c] for s, c in zip(self._starts[self._seen].tolist(), self.counts.tolist(), strict=True)]

    def reduce(self, values: np.ndarray, ufunc: np.ufunc) -> np.ndarray:
        """``ufunc`` over the *values* (one row per connection id) of each pair's connections."""
        if not len(self.codes):
            return values[:0]
        return ufunc.reduceat(values[self._conns], self._starts, axis=0)[self._seen]


def decode_bitsets(bits: np.ndarray, universe: Sequence[Any]) -> tuple[list[tuple], list[int]]:
    """Rows of bit sets (uint64 words, bit i of the row = ``universe[i]``) as tuples of values: the
    distinct tuples, and for each row the index of its tuple.

    >>> decode_bitsets(np.array([[5], [2], [5]], dtype=np.uint64), ["a", "b", "c"])
    ([('b',), ('a', 'c')], [1, 0, 1])
    """
    if not len(bits):
        return [], []
    words = bits.shape[1]
    if words == 1:
        distinct, inverse = np.unique(bits[:, 0], return_inverse=True)
        distinct = distinct.reshape(-1, 1)
    else:
        distinct, inverse = np.unique(bits, axis=0, return_inverse=True)
    shifts = np.arange(64, dtype=np.uint64)
    flags = ((distinct[:, :, None] >> shifts) & np.uint64(1)).astype(bool).reshape(len(distinct), 64 * words)
    flags = flags[:, :len(universe)]
    _, cols = np.nonzero(flags)  # row by row, values in universe order
    values = [universe[i] for i in cols.tolist()]
    ends = np.cumsum(flags.sum(axis=1)).tolist()
    start = 0
    tuples = []
    for end in ends:
        tuples.append(tuple(values[start:end]))
        start = end
    return tuples, inverse.reshape(-1).tolist()
