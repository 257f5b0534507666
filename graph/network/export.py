"""Write the cooperation network for Gephi, Cytoscape or a spreadsheet: GraphML, GEXF or CSV.

GraphML and GEXF hold plain values only, so attributes are flattened:

* node ids and ``country`` are IRIs (strings); ``lat``/``lon`` floats, left
  out when unknown (as is ``country``);
* lists of names (``aliases``, ``threats``, ``programmes``, ``kinds``) are
  joined with ``"; "``, ``years`` too;
* ``evidence`` is a JSON array of the evidence records, with
  ``evidence_count`` and ``documents`` (the distinct document IRIs, joined
  with ``"; "``) next to it.

CSV is the edge list with the actors' labels, one edge a row.  Nodes and
edges are written in IRI order, so the same store gives the same file.

>>> from crimekg.graph.store import open_store
>>> from crimekg.graph.build import build
>>> store = open_store("memory"); _ = build(store)
>>> text = export_network(store, "graphml")
>>> import io, networkx as nx
>>> G = nx.read_graphml(io.StringIO(text))
>>> G.nodes["https://w3id.org/crimekg/id/bolivia"]["label"]
'Bolivia'
>>> export_network(store, "csv").splitlines()[0]
'source,target,source_label,target_label,weight,kinds,threats,programmes,years,documents,evidence_count'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..errors import UsageError
from ..store import KGStore
from .projection import project

FORMATS = ("graphml", "gexf", "csv")
SEPARATOR = "; "
CSV_COLUMNS = ("source", "target", "source_label", "target_label", "weight", "kinds", "threats", "programmes",
               "years", "documents", "evidence_count")


def _joined(values: Iterable[Any]) -> str:
    return SEPARATOR.join(str(v) for v in values)


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if key == "evidence":
            out["evidence"] = json.dumps(value, ensure_ascii=False, sort_keys=True)
            out["evidence_count"] = len(value)
            out["documents"] = _joined(sorted({str(e.get("document")) for e in value if e.get("document")}))
        elif isinstance(value, (list, tuple, set, frozenset)):
            out[key] = _joined(value)
        elif isinstance(value, (bool, int, float, str)):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def flat_graph(G: nx.Graph) -> nx.Graph:
    """A copy of *G* with plain attribute values only, nodes and edges in IRI order."""
    H = nx.Graph()
    for node in sorted(G, key=str):
        H.add_node(str(node), **_flat(G.nodes[node]))
    for u, v in sorted((tuple(sorted((str(a), str(b)))) for a, b in G.edges())):
        H.add_edge(u, v, **_flat(G.edges[u, v]))
    return H


def network_text(G: nx.Graph, fmt: str) -> str:
    """*G* written as GraphML, GEXF or CSV text."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown network format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for u, v in sorted((tuple(sorted((str(a), str(b)))) for a, b in G.edges())):
            data = G.edges[u, v]
            evidence = data.get("evidence") or []
            writer.writerow([u, v, G.nodes[u].get("label", ""), G.nodes[v].get("label", ""),
                             data.get("weight", 1.0), _joined(data.get("kinds") or []),
                             _joined(data.get("threats") or []), _joined(data.get("programmes") or []),
                             _joined(data.get("years") or []),
                             _joined(sorted({e["document"] for e in evidence if e.get("document")})), len(evidence)])
        return buffer.getvalue()
    flat = flat_graph(G)
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat, out, encoding="utf-8", prettyprint=True)
    else:
        nx.write_gexf(flat, out, encoding="utf-8", prettyprint=True)
    return out.getvalue().decode("utf-8")


def export_network(store: KGStore, fmt: str, *, graph: str = "cooperation", **options: Any) -> str:
    """The network of *store* (``cooperation`` by default, or a bipartite graph) as GraphML, GEXF or CSV.

    *options* are the projection's filters (kinds, actor_types, threat, programme, since, until).
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown network format {fmt!r}; choose from {', '.join(FORMATS)}")
    return network_text(project(store, graph, **options), fmt)
