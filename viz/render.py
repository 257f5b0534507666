"""Writing a cooperation graph as one offline HTML map.

>>> import networkx as nx, tempfile, pathlib
>>> ID = "https://w3id.org/crimekg/id/"
>>> G = nx.Graph()
>>> G.add_node(ID + "bolivia", label="Bolivia", type="Country", lat=-16.29, lon=-63.59)
>>> G.add_node(ID + "peru", label="Peru", type="Country", lat=-9.19, lon=-75.02)
>>> G.add_edge(ID + "bolivia", ID + "peru", kinds=["cooperation"])
>>> out = render_html(G, pathlib.Path(tempfile.mkdtemp()) / "geo.html", layout="geo", title="Andes")
>>> "<title>Andes</title>" in out.read_text(encoding="utf-8")
True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import networkx as nx
from crimekg.graph.errors import InputError, UsageError
from crimekg.viz.centrality import node_scores
from crimekg.viz.html import build_page
from crimekg.viz.layout import GEO_SCALE, force_layout, geo_layout
from crimekg.viz.payload import build_payload
from crimekg.viz.select import top_nodes

DEFAULT_TITLE = "crimekg cooperation map"
LAYOUTS = ("force", "geo")
MAX_NODES = 2000
"""Without ``top_n``, larger graphs are cut to their MAX_NODES most central actors."""
PHYSICS_MAX_NODES = 150
PHYSICS_MAX_EDGES = 1000
"""With ``physics=None`` the force layout keeps physics on only up to these sizes."""


def _write(out: Path, text: str) -> None:
    """Write ``text`` to ``out`` atomically (a reader never sees a half-written page)."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            tmp.write_text(text, encoding="utf-8", newline="\n")
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror or exc}") from exc


def render_html(
    G: nx.Graph,
    out_path: str | os.PathLike[str],
    *,
    size_by: str = "degree",
    layout: str = "force",
    title: str | None = None,
    top_n: int | None = None,
    physics: bool | None = None,
) -> Path:
    """Write ``G`` (the contract of ``crimekg.graph.network``) as a self-contained HTML map.

    * ``size_by``: a centrality (degree, weighted-degree, pagerank, betweenness,
      eigenvector, closeness) or a numeric node attribute; sizes the nodes and
      ranks them for ``top_n``.
    * ``layout``: ``"force"`` (precomputed force-directed) or ``"geo"`` (at lat/lon).
    * ``top_n``: keep only the N most central actors (the ego centre
      ``G.graph["focus"]`` is always kept); without it graphs over
      :data:`MAX_NODES` are cut to MAX_NODES.
    * ``physics``: let vis-network animate the force layout; default on for
      small graphs only, always off for ``geo``.

    Returns the path written.
    """
    if layout not in LAYOUTS:
        raise UsageError(f"unknown layout {layout!r}: choose one of {', '.join(LAYOUTS)}")
    if G.is_directed():
        G = G.to_undirected()
    total_nodes, total_edges = G.number_of_nodes(), G.number_of_edges()
    scores = node_scores(G, size_by)
    focus = G.graph.get("focus")
    limit = top_n if top_n is not None else (MAX_NODES if total_nodes > MAX_NODES else None)
    H = top_nodes(G, scores, limit, keep=[focus] if focus is not None else ()) if limit is not None else G
    positions = geo_layout(H) if layout == "geo" else force_layout(H)
    if layout == "geo":
        physics = False
    elif physics is None:
        physics = H.number_of_nodes() <= PHYSICS_MAX_NODES and H.number_of_edges() <= PHYSICS_MAX_EDGES
    note = ""
    if H.number_of_nodes() < total_nodes:
        note = f"top {H.number_of_nodes():,} of {total_nodes:,} actors by {size_by}"
    meta: dict[str, Any] = {
        "title": title or DEFAULT_TITLE,
        "layout": layout,
        "size_by": size_by,
        "physics": bool(physics),
        "geo_scale": GEO_SCALE if layout == "geo" else None,
        "total_nodes": total_nodes,
        "total_edges": total_edges,
        "note": note,
    }
    payload = build_payload(H, scores, positions, meta=meta, focus=focus if focus in H else None)
    out = Path(out_path)
    _write(out, build_page(title or DEFAULT_TITLE, payload))
    return out
