"""Node positions computed in Python, so the browser does not have to simulate.

* :func:`force_layout`: Fruchterman-Reingold per connected component (igraph,
  or networkx if igraph is missing), components packed in rows, biggest first.
* :func:`geo_layout`: actors with ``lat``/``lon`` at their coordinates
  (equirectangular, :data:`GEO_SCALE` pixels per degree); actors without them
  next to their ``country``, or to the mean of their located partners, or in
  a row below the map.

>>> import networkx as nx
>>> G = nx.Graph(); G.add_node("bo", lat=-16.29, lon=-63.59); G.add_node("pe", lat=-9.19, lon=-75.02)
>>> pos = geo_layout(G)
>>> pos["bo"] == (round(-63.59 * GEO_SCALE, 1), round(16.29 * GEO_SCALE, 1))
True
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable

import networkx as nx

Position = tuple[float, float]

GEO_SCALE = 12.0
"""Pixels per degree of longitude/latitude in the geographic layout."""

GEO_STEP = 32.0
"""Distance in pixels between actors spread around one place on the map."""

SPACING = 130.0
"""Typical distance in pixels between neighbouring nodes in the force layout."""

GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


def _coord(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def node_coordinates(data: dict) -> Position | None:
    """(lon, lat) of a node's attributes, or None when either is missing or invalid.

    >>> node_coordinates({"lat": 1, "lon": 2}), node_coordinates({"lat": None, "lon": 2})
    ((2.0, 1.0), None)
    """
    lat, lon = _coord(data.get("lat")), _coord(data.get("lon"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return (lon, lat)


def spiral(k: int, step: float) -> Position:
    """Offset of the k-th point (k >= 0) on a sunflower spiral; points about ``step`` apart.

    >>> spiral(0, 10.0)
    (0.0, 0.0)
    """
    radius = step * math.sqrt(k)
    angle = k * GOLDEN_ANGLE
    return (radius * math.cos(angle), radius * math.sin(angle))


def _component_layout(G: nx.Graph, nodes: list[Hashable]) -> list[Position]:
    """Unit-free positions of one component, roughly SPACING apart."""
    n = len(nodes)
    if n == 1:
        return [(0.0, 0.0)]
    if n == 2:
        return [(-SPACING / 2, 0.0), (SPACING / 2, 0.0)]
    index = {v: i for i, v in enumerate(nodes)}
    edges, weights = [], []
    view = G if n == G.number_of_nodes() else G.subgraph(nodes)
    for u, v, w in view.edges(data="weight", default=1.0):
        edges.append((index[u], index[v]))
        weights.append(math.log1p(max(_coord(w) or 1.0, 0.0)))
    seed = [spiral(i, 1.0) for i in range(n)]
    try:
        import igraph

        graph = igraph.Graph(n=n, edges=edges)
        igraph.set_random_number_generator(random.Random(0))  # same graph, same picture
        try:
            coords = [tuple(p) for p in graph.layout_fruchterman_reingold(weights=weights, seed=seed, niter=300)]
        finally:
            igraph.set_random_number_generator(random)
    except ImportError:  # pragma: no cover - igraph is a dependency; keep a pure-Python path
        sub = nx.Graph()
        sub.add_nodes_from(range(n))
        sub.add_weighted_edges_from((a, b, w) for (a, b), w in zip(edges, weights, strict=True))
        raw = nx.spring_layout(sub, pos=dict(enumerate(seed)), seed=0, weight="weight")
        coords = [tuple(raw[i]) for i in range(n)]
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    cx, cy = sum(xs) / n, sum(ys) / n
    spread = math.sqrt(sum((x - cx) ** 2 + (y - cy) ** 2 for x, y in coords) / n) or 1.0
    target = SPACING * math.sqrt(n) / 2.0
    return [((x - cx) / spread * target, (y - cy) / spread * target) for x, y in coords]


def force_layout(G: nx.Graph) -> dict[Hashable, Position]:
    """Positions for every node: each component laid out, components packed in rows.

    >>> import networkx as nx
    >>> pos = force_layout(nx.Graph([(1, 2), (2, 3), (4, 5)]))
    >>> sorted(pos) == [1, 2, 3, 4, 5]
    True
    """
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(G)), key=lambda c: (-len(c), str(c[0]))
    )
    placed: list[tuple[list[Hashable], list[Position]]] = [(c, _component_layout(G, c)) for c in components]
    if not placed:
        return {}
    boxes = []
    for _, coords in placed:
        xs, ys = [p[0] for p in coords], [p[1] for p in coords]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + SPACING, max(ys) - min(ys) + SPACING))
    row_width = max(boxes[0][2], math.sqrt(sum(b[2] * b[3] for b in boxes)) * 1.2)
    positions: dict[Hashable, Position] = {}
    x0 = y0 = row_height = 0.0
    for (nodes, coords), (minx, miny, width, height) in zip(placed, boxes, strict=True):
        if x0 > 0 and x0 + width > row_width:
            x0, y0, row_height = 0.0, y0 + row_height, 0.0
        for v, (x, y) in zip(nodes, coords, strict=True):
            positions[v] = (round(x - minx + x0, 1), round(y - miny + y0, 1))
        x0 += width
        row_height = max(row_height, height)
    return positions


def geo_layout(G: nx.Graph) -> dict[Hashable, Position]:
    """Positions on an equirectangular map (x = lon, y = -lat, in GEO_SCALE pixels per degree).

    Nodes that share an anchor (the same coordinates, or the same country) are
    spread on a small spiral around it so none hides another.
    """
    anchors: dict[Hashable, Position] = {}
    for v, data in G.nodes(data=True):
        coords = node_coordinates(data)
        if coords is not None:
            anchors[v] = (coords[0] * GEO_SCALE, -coords[1] * GEO_SCALE)
    own = set(anchors)
    for v, data in G.nodes(data=True):
        if v in anchors:
            continue
        country = data.get("country")
        if country is not None and country in own:
            anchors[v] = anchors[country]
            continue
        located = [anchors[u] for u in G.neighbors(v) if u in own]
        if located:
            count = len(located)
            anchors[v] = (sum(p[0] for p in located) / count, sum(p[1] for p in located) / count)
    bottom = max((p[1] for p in anchors.values()), default=0.0) + 4 * GEO_STEP
    left = min((p[0] for p in anchors.values()), default=0.0)
    positions: dict[Hashable, Position] = {}
    crowd: dict[Position, int] = {}
    unplaced = 0
    step = GEO_STEP
    # nodes with their own coordinates first, so they sit exactly on them when alone
    for v in sorted(G.nodes, key=lambda u: (u not in own, str(u))):
        if v in anchors:
            key = (round(anchors[v][0]), round(anchors[v][1]))
            k = crowd.get(key, 0)
            crowd[key] = k + 1
            dx, dy = spiral(k, step)
            positions[v] = (round(anchors[v][0] + dx, 1), round(anchors[v][1] + dy, 1))
        else:
            row, col = divmod(unplaced, 20)
            positions[v] = (round(left + col * 2 * step, 1), round(bottom + row * 2 * step, 1))
            unplaced += 1
    return positions
