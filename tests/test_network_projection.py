"""The networkx projection: the contract crimekg.viz relies on, agreement with the links, filters, bipartite graphs."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest
from crimekg.graph.errors import NotFoundError, UsageError
from crimekg.graph.network.projection import actor_programme_graph, actor_threat_graph, cooperation_graph
from crimekg.graph.network.reader import SparqlReader
from crimekg.graph.relations import actor_links

ID = "https://w3id.org/crimekg/id/"
NODE_KEYS = {"label", "type", "aliases", "lat", "lon", "country", "threats", "programmes"}
EDGE_KEYS = {"weight", "kinds", "evidence", "threats", "programmes", "years"}
EVIDENCE_KEYS = {"kind", "via", "via_label", "document", "title", "date", "sentence"}


def pairs(graph: nx.Graph) -> set[tuple[str, str]]:
    return {tuple(sorted(e)) for e in graph.edges()}


@pytest.fixture(scope="module")
def G(seed_store) -> nx.Graph:
    return cooperation_graph(seed_store)


def test_contract_types(G):
    assert G.number_of_nodes() > 20 and not G.is_directed()
    for node, data in G.nodes(data=True):
        assert isinstance(node, str) and node.startswith(ID)
        assert set(data) == NODE_KEYS
        assert isinstance(data["label"], str) and data["label"]
        assert isinstance(data["type"], str)
        assert all(isinstance(a, str) for a in data["aliases"]) and data["label"] not in data["aliases"]
        assert (data["lat"] is None) == (data["lon"] is None)
        assert data["lat"] is None or isinstance(data["lat"], float)
        assert data["country"] is None or data["country"].startswith(ID)
        assert data["threats"] == sorted(set(data["threats"]))
    for _, _, data in G.edges(data=True):
        assert set(data) == EDGE_KEYS
        assert isinstance(data["weight"], float) and data["weight"] >= 1
        assert data["kinds"] == sorted(set(data["kinds"])) and data["kinds"]
        assert all(isinstance(y, int) for y in data["years"])
        assert data["evidence"]
        for record in data["evidence"]:
            assert set(record) == EVIDENCE_KEYS
            assert record["kind"] in data["kinds"]


def test_node_attributes_from_the_gazetteer(G):
    bolivia = G.nodes[ID + "bolivia"]
    assert bolivia["label"] == "Bolivia" and bolivia["type"] == "Country"
    assert "Plurinational State of Bolivia" in bolivia["aliases"]
    assert (bolivia["lat"], bolivia["lon"]) == (-16.29, -63.59)
    unodc = G.nodes[ID + "unodc"]
    assert unodc["type"] == "InternationalOrganization" and "UNODC" in unodc["aliases"]
    ministry = G.nodes[ID + "bo-ministry-of-justice"]  # own coordinates (La Paz) and a country
    assert ministry["country"] == ID + "bolivia" and (ministry["lat"], ministry["lon"]) == (-16.4957, -68.1336)
    team = G.nodes[ID + "smt-bolivia-human-trafficking"]  # no coordinates of its own: placed at its country
    assert team["country"] == ID + "bolivia" and (team["lat"], team["lon"]) == (-16.29, -63.59)
    assert "drug trafficking" in unodc["threats"] and "CRIMJUST" in unodc["programmes"]


def test_evidence_quotes_the_documents(G):
    texts = " ".join(" ".join(p.read_text(encoding="utf-8").split())
                     for p in (Path(__file__).parents[1] / "data" / "documents").glob("*.txt"))
    sentences = {r["sentence"] for _, _, d in G.edges(data=True) for r in d["evidence"] if r["sentence"]}
    assert sentences and all(" ".join(s.split()) in texts for s in sentences)
    edge = G.edges[ID + "bolivia", ID + "argentina"]
    vias = {r["via"] for r in edge["evidence"]}
    assert ID + "agr-bolivia-argentina-trafficking" in vias and None in vias  # the agreement and cooperatesWith


def test_edges_are_the_links_collapsed(seed_store, G):
    """Every actor_links link is an edge with its kind, and nothing else is."""
    kinds: dict[tuple, set[str]] = defaultdict(set)
    for link in actor_links(seed_store):
        kinds[tuple(sorted((link.source, link.target)))].add(link.kind)
    assert pairs(G) == set(kinds)
    assert all(G.edges[pair]["kinds"] == sorted(k) for pair, k in kinds.items())


def test_years_follow_link_years(seed_store, G):
    years: dict[tuple, set[int]] = defaultdict(set)
    for link in actor_links(seed_store):
        if link.year is not None:
            years[tuple(sorted((link.source, link.target)))].add(link.year)
    assert all(G.edges[pair]["years"] == sorted(years.get(tuple(sorted(pair)), ())) for pair in G.edges())


def test_evidence_off_keeps_the_structure(seed_store, G):
    light = cooperation_graph(seed_store, evidence=False)
    assert pairs(light) == pairs(G)
    for u, v in G.edges():
        assert light.edges[u, v]["weight"] == G.edges[u, v]["weight"]
        assert light.edges[u, v]["kinds"] == G.edges[u, v]["kinds"]
        assert light.edges[u, v]["evidence"] == []


def test_remote_reader_gives_the_same_graph(seed_store, G):
    remote = cooperation_graph(SparqlReader(seed_store))
    assert nx.utils.graphs_equal(remote, G)


def test_kind_weights(seed_store):
    weighted = cooperation_graph(seed_store, kind_weights={"cooperation": 0.5})
    assert weighted.edges[ID + "bolivia", ID + "peru"]["weight"] == 2.5


def test_filter_kinds_and_actor_types(seed_store):
    only = cooperation_graph(seed_store, kinds=["agreement"])
    assert {k for _, _, d in only.edges(data=True) for k in d["kinds"]} == {"agreement"}
    countries = cooperation_graph(seed_store, actor_types=["Country"])
    assert countries.number_of_nodes() > 5 and {d["type"] for _, d in countries.nodes(data=True)} == {"Country"}
    organisations = cooperation_graph(seed_store, actor_types=["organization"])
    types = {d["type"] for _, d in organisations.nodes(data=True)}
    assert "GovernmentAgency" in types and "Country" not in types and "Person" not in types
    with pytest.raises(UsageError, match="unknown actor type"):
        cooperation_graph(seed_store, actor_types=["Workshop"])


def test_filter_threat_includes_narrower(seed_store):
    drugs = cooperation_graph(seed_store, threat="drug-trafficking")
    allowed = {"drug trafficking", "cocaine trafficking"}
    assert drugs.number_of_edges() > 10
    assert all(set(d["threats"]) & allowed for _, _, d in drugs.edges(data=True))
    assert all(r["via"] is not None for _, _, d in drugs.edges(data=True) for r in d["evidence"])
    same = cooperation_graph(seed_store, threat="narcotráfico")  # Spanish label, accent-insensitive
    assert pairs(same) == pairs(drugs)
    cocaine = cooperation_graph(seed_store, threat="cocaine trafficking")
    assert pairs(cocaine) <= pairs(drugs)
    with pytest.raises(NotFoundError, match="unknown threat"):
        cooperation_graph(seed_store, threat="piracy of cheese")


def test_filter_programme(seed_store):
    crimjust = cooperation_graph(seed_store, programme="CRIMJUST")
    assert crimjust.number_of_edges() > 10
    assert all("CRIMJUST" in d["programmes"] for _, _, d in crimjust.edges(data=True))
    assert crimjust.has_edge(ID + "bolivia", ID + "unodc")  # the programme itself is a hub
    with pytest.raises(NotFoundError):
        cooperation_graph(seed_store, programme="No Such Programme")


def test_time_window(seed_store, G):
    window = cooperation_graph(seed_store, since=2019, until=2021)
    assert window.number_of_edges() < G.number_of_edges()
    assert all(d["years"] and all(2019 <= y <= 2021 for y in d["years"]) for _, _, d in window.edges(data=True))
    undated = [(u, v) for u, v, d in G.edges(data=True) if not d["years"]]
    assert undated and not any(window.has_edge(u, v) for u, v in undated)
    assert cooperation_graph(seed_store, since=2100).number_of_edges() == 0
    with pytest.raises(UsageError, match="--since 2020 is after --until 2010"):
        cooperation_graph(seed_store, since=2020, until=2010)


def test_actor_threat_graph(seed_store):
    B = actor_threat_graph(seed_store)
    threat = "https://w3id.org/crimekg/threat/human-trafficking"
    assert B.nodes[threat]["bipartite"] == "threat" and B.nodes[threat]["type"] == "Threat"
    assert B.nodes[threat]["label"] == "human trafficking"
    assert B.has_edge(ID + "bolivia", threat)
    assert nx.is_bipartite(B)
    assert all((B.nodes[u]["bipartite"] == "actor") != (B.nodes[v]["bipartite"] == "actor") for u, v in B.edges())
    only = actor_threat_graph(seed_store, threat="human trafficking")
    assert {n for n in only if only.nodes[n]["bipartite"] == "threat"} <= {
        threat, "https://w3id.org/crimekg/threat/sexual-exploitation",
        "https://w3id.org/crimekg/threat/labour-exploitation", "https://w3id.org/crimekg/threat/organ-trafficking",
        "https://w3id.org/crimekg/threat/slavery"}


def test_actor_programme_graph(seed_store):
    B = actor_programme_graph(seed_store)
    crimjust = ID + "crimjust"
    assert B.nodes[crimjust]["bipartite"] == "programme" and B.nodes[crimjust]["label"] == "CRIMJUST"
    assert B.has_edge(ID + "bolivia", crimjust) and B.has_edge(ID + "unodc", crimjust)
    assert set(B.edges[ID + "bolivia", crimjust]["kinds"]) >= {"programme", "membership"}
    assert nx.is_bipartite(B)
