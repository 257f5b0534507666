"""GraphML, GEXF and CSV exports of the network: readable by networkx, flat values, stable."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from click.testing import CliRunner
from crimekg.graph.cli import cli
from crimekg.graph.errors import UsageError
from crimekg.graph.network.export import export_network, network_text
from crimekg.graph.network.projection import cooperation_graph

ID = "https://w3id.org/crimekg/id/"


def test_graphml_round_trip(seed_store):
    G = cooperation_graph(seed_store)
    text = export_network(seed_store, "graphml")
    H = nx.read_graphml(io.StringIO(text))
    assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    bolivia = H.nodes[ID + "bolivia"]
    assert bolivia["type"] == "Country" and bolivia["lat"] == -16.29
    assert "Plurinational State of Bolivia" in bolivia["aliases"].split("; ")
    assert "country" not in bolivia  # None is left out
    edge = H.edges[ID + "bolivia", ID + "peru"]
    assert edge["weight"] == 3.0 and edge["kinds"] == "agreement; cooperation; programme"
    evidence = json.loads(edge["evidence"])
    assert len(evidence) == edge["evidence_count"] and {e["kind"] for e in evidence} <= set(edge["kinds"].split("; "))
    assert export_network(seed_store, "graphml") == text  # same store, same file


def test_gexf_and_bipartite(seed_store):
    text = export_network(seed_store, "gexf", graph="actor-threat")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag.endswith("gexf")
    H = nx.read_gexf(io.StringIO(text))
    assert "https://w3id.org/crimekg/threat/drug-trafficking" in H


def test_csv_edge_list(seed_store):
    rows = list(csv.DictReader(io.StringIO(export_network(seed_store, "csv", kinds=["agreement"]))))
    assert len(rows) == cooperation_graph(seed_store, kinds=["agreement"]).number_of_edges()
    row = next(r for r in rows if {r["source"], r["target"]} == {ID + "bolivia", ID + "argentina"})
    assert row["kinds"] == "agreement" and row["documents"].endswith("doc-004") and row["evidence_count"] == "1"


def test_hostile_strings_stay_data():
    G = nx.Graph()
    G.add_node("a", label='<b>"x"</b> & ]]>', type="Network", aliases=["<script>"], lat=None, lon=None,
               country=None, threats=[], programmes=[])
    G.add_node("b", label="b", type="Country", aliases=[], lat=1.0, lon=2.0, country=None, threats=[],
               programmes=[])
    G.add_edge("a", "b", weight=1.0, kinds=["cooperation"], years=[2020], threats=[], programmes=[],
               evidence=[{"kind": "cooperation", "via": None, "via_label": None, "document": "d", "title": "<t>",
                          "date": None, "sentence": "a\nb"}])
    H = nx.read_graphml(io.StringIO(network_text(G, "graphml")))
    assert H.nodes["a"]["label"] == '<b>"x"</b> & ]]>'
    assert json.loads(H.edges["a", "b"]["evidence"])[0]["sentence"] == "a\nb"
    with pytest.raises(UsageError):
        network_text(G, "dot")


def test_export_command(tmp_path):
    out = tmp_path / "net.graphml"
    result = CliRunner().invoke(cli, ["export", "--store", "memory", "--format", "graphml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(out).has_edge(ID + "bolivia", ID + "unodc")
