"""crimekg.viz: offline, self-contained HTML maps of the cooperation network.

The one entry point most callers need is :func:`crimekg.viz.render.render_html`,
which turns the :mod:`networkx` graph built by ``crimekg.graph.network`` into a
single HTML file that works without internet access (vis-network is inlined,
all data is embedded as escaped JSON, a Content-Security-Policy forbids any
fetch).

>>> import networkx as nx, tempfile, pathlib
>>> from crimekg.viz import render_html
>>> G = nx.Graph()
>>> G.add_edge("https://w3id.org/crimekg/id/bolivia", "https://w3id.org/crimekg/id/peru")
>>> out = render_html(G, pathlib.Path(tempfile.mkdtemp()) / "map.html")
>>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
True
"""

from __future__ import annotations

from crimekg.viz.render import render_html

__all__ = ["render_html"]
