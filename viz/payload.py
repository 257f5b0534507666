"""The data a map page embeds: nodes, edges, evidence and filter facets as plain JSON types.

Strings are indexed, not repeated: evidence records shared by many edges
(an activity's sentence links every pair of its participants) are stored once
and referred to by position, and so are threat and programme labels.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("a", label="A", type="Country"); G.add_node("b", label="B", type="Network")
>>> G.add_edge("a", "b", kinds=["agreement"], years=[2019], evidence=[{"kind": "agreement",
...            "title": "T", "date": "2019-01", "sentence": "A and B agree."}])
>>> p = build_payload(G, {"a": 1.0, "b": 0.5}, {"a": (0, 0), "b": (10, 0)})
>>> p["nodes"][0]["label"], p["edges"][0]["kinds"], p["evidence"][0]["sentence"]
('A', [0], 'A and B agree.')
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx
from crimekg.viz.centrality import normalise
from crimekg.viz.layout import Position, node_coordinates
from crimekg.viz.theme import KIND_STYLES, TYPE_STYLES, kind_style, primary_kind, type_style

EVIDENCE_KEYS = ("kind", "via", "via_label", "document", "title", "date", "sentence")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _texts(values: object) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        return [values]
    if isinstance(values, (list, tuple, set, frozenset)):
        return [v if isinstance(v, str) else str(v) for v in values if v is not None and v != ""]
    return [_text(values)]


def _years(values: object) -> list[int]:
    years = set()
    for v in _texts(values):
        try:
            years.add(int(str(v)[:4]))
        except ValueError:
            continue
    return sorted(years)


def _number(value: object, default: float) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


class _Index:
    """Assigns stable small integers to hashable values, in first-seen order."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._pos: dict[Any, int] = {}
        self._by_id: dict[int, int] = {}  # evidence dicts shared by several edges: looked up once

    def add(self, item: Any) -> int:
        pos = self._pos.get(item)
        if pos is None:
            pos = self._pos[item] = len(self.items)
            self.items.append(item)
        return pos

    def add_all(self, items: Iterable[Any]) -> list[int]:
        return sorted({self.add(i) for i in items})

    def add_evidence(self, raw: object) -> int:
        """Index of an evidence record (a contract dict; other values count as a bare sentence).

        Only call while the records are alive (ids of live objects are unique).
        """
        pos = self._by_id.get(id(raw))
        if pos is not None:
            return pos
        data = raw if isinstance(raw, dict) else {"sentence": raw}
        key = tuple(data.get(k) for k in EVIDENCE_KEYS)
        pos = self._pos.get(key)
        if pos is None:
            pos = self._pos[key] = len(self.items)
            self.items.append({k: _text(v) for k, v in zip(EVIDENCE_KEYS, key, strict=True)})
        self._by_id[id(raw)] = pos
        return pos


def _evidence_kinds(evidence: object) -> list[str]:
    """Kinds named by an edge's evidence records, for edges without a ``kinds`` list."""
    records = evidence if isinstance(evidence, list) else []
    return sorted({_text(e.get("kind")) for e in records if isinstance(e, dict) and e.get("kind")})


_KIND_ORDER = {k: i for i, k in enumerate(KIND_STYLES)}


def _kind_rank(kind: str) -> tuple[int, str]:
    return (_KIND_ORDER.get(kind, len(_KIND_ORDER)), kind)


def _kind_entry(kind: str, count: int) -> dict[str, Any]:
    style = kind_style(kind)
    return {"name": kind, "label": style.name, "colour": style.colour, "dashes": style.dashes, "count": count}


def build_payload(
    G: nx.Graph,
    scores: dict[Hashable, float],
    positions: dict[Hashable, Position],
    *,
    meta: dict[str, Any] | None = None,
    focus: Hashable | None = None,
) -> dict[str, Any]:
    """JSON-ready description of ``G`` for the page script (see viz/static/app.js).

    ``scores`` size the nodes, ``positions`` place them; ``meta`` is copied
    as is (title, layout, counts before selection, ...); ``focus`` (a node)
    is selected when the page opens.
    """
    nodes = list(G.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    scores = {v: _number(scores.get(v), 0.0) for v in nodes}
    relative = normalise(scores)
    threats, programmes, evidence = _Index(), _Index(), _Index()
    kinds = _Index()
    for kind in KIND_STYLES:
        kinds.add(kind)
    type_order: list[str] = []
    out_nodes = []
    for v in nodes:
        data = G.nodes[v]
        type_name = _text(data.get("type")) or "Unknown"
        if type_name not in type_order:
            type_order.append(type_name)
        x, y = positions.get(v, (0.0, 0.0))
        coords = node_coordinates(data)
        item: dict[str, Any] = {
            "id": index[v],
            "iri": _text(v),
            "label": _text(data.get("label")) or _text(v).rstrip("/").rsplit("/", 1)[-1],
            "type": type_name,
            "aliases": _texts(data.get("aliases")),
            "threats": threats.add_all(_texts(data.get("threats"))),
            "programmes": programmes.add_all(_texts(data.get("programmes"))),
            "score": round(scores[v], 6),
            "value": round(relative.get(v, 0.0), 4),
            "x": float(x),
            "y": float(y),
        }
        if coords is not None:
            item["lon"], item["lat"] = coords
        out_nodes.append(item)

    out_edges = []
    all_years: set[int] = set()
    for i, (u, v, data) in enumerate(G.edges(data=True)):
        edge_kinds = _texts(data.get("kinds")) or _evidence_kinds(data.get("evidence"))
        years = _years(data.get("years"))
        all_years.update(years)
        primary = primary_kind(edge_kinds)
        out_edges.append({
            "id": i,
            "from": index[u],
            "to": index[v],
            "w": _number(data.get("weight"), 1.0),
            "kinds": [kinds.add(k) for k in sorted(set(edge_kinds), key=_kind_rank)],
            "main": kinds.add(primary) if primary else None,
            "threats": threats.add_all(_texts(data.get("threats"))),
            "programmes": programmes.add_all(_texts(data.get("programmes"))),
            "years": years,
            "ev": [evidence.add_evidence(e) for e in (data.get("evidence") or [])],
        })

    kind_counts = [0] * len(kinds.items)
    for edge in out_edges:
        for k in edge["kinds"]:
            kind_counts[k] += 1
    type_counts = {t: 0 for t in type_order}
    for item in out_nodes:
        type_counts[item["type"]] += 1
    fallback = 0
    types = []
    for t in sorted(type_order, key=lambda t: (-type_counts[t], t)):
        style = type_style(t, fallback)
        fallback += t not in TYPE_STYLES
        types.append({"name": t, "label": style.name, "colour": style.colour, "shape": style.shape,
                      "count": type_counts[t]})
    meta = dict(meta or {})
    meta["focus"] = index.get(focus) if focus is not None else None
    return {
        "meta": meta,
        "types": types,
        "kinds": [_kind_entry(k, c) for k, c in zip(kinds.items, kind_counts, strict=True)],
        "threats": threats.items,
        "programmes": programmes.items,
        "years": [min(all_years), max(all_years)] if all_years else [],
        "nodes": out_nodes,
        "edges": out_edges,
        "evidence": evidence.items,
    }
