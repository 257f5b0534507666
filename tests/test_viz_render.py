"""crimekg.viz without a browser: escaping, payload, layouts, selection, centrality, render_html."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import networkx as nx
import pytest
from crimekg.graph.errors import CrimekgError, InputError, NotFoundError, UsageError
from crimekg.viz.centrality import MEASURES, node_scores, normalise
from crimekg.viz.html import content_security_policy, json_for_html, sha256_source
from crimekg.viz.layout import GEO_SCALE, GEO_STEP, force_layout, geo_layout
from crimekg.viz.payload import build_payload
from crimekg.viz.render import MAX_NODES, render_html
from crimekg.viz.sample import synthetic_graph
from crimekg.viz.select import ego_subgraph, resolve_actor, top_nodes
from hypothesis import given
from hypothesis import strategies as st
from test_viz_graphs import ID, XSS_HREF, XSS_IMG, XSS_SCRIPT, XSS_SENTENCE, bolivia_partners, seed_graph

SCRIPT_RE = re.compile(r"<script([^>]*)>(.*?)</script>", re.DOTALL)


def embedded(html: str) -> dict:
    """The JSON payload of a page, read the way the page script reads it."""
    scripts = SCRIPT_RE.findall(html)
    data = [body for attrs, body in scripts if 'id="crimekg-data"' in attrs]
    assert len(data) == 1
    return json.loads(data[0])


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> str:
    out = render_html(seed_graph(), tmp_path_factory.mktemp("viz") / "seed.html", title=XSS_SCRIPT)
    return out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- escaping


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=20))
def test_json_for_html_round_trips_and_never_contains_markup(value):
    text = json_for_html(value)
    assert json.loads(text) == value
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}


def test_hostile_strings_never_appear_raw_in_the_page(seed_page):
    for hostile in (XSS_IMG, XSS_SCRIPT, XSS_HREF, XSS_SENTENCE, "<img", "</script><script>", "<a href"):
        assert hostile not in seed_page
    data = embedded(seed_page)
    labels = {n["label"] for n in data["nodes"]}
    assert {XSS_IMG, XSS_SCRIPT} <= labels  # ... yet the data carries them unchanged
    assert XSS_HREF in {e["title"] for e in data["evidence"]}


def test_page_title_is_escaped(seed_page):
    assert "<title>&lt;/script&gt;&lt;script&gt;window.__xss=2&lt;/script&gt;</title>" in seed_page


def test_page_loads_nothing_remote_and_pins_its_scripts(seed_page):
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", seed_page, re.IGNORECASE)
    assert "sourceMappingURL" not in seed_page
    scripts = SCRIPT_RE.findall(seed_page)
    code = [body for attrs, body in scripts if "type=" not in attrs]
    assert len(code) == 2 and "vis-network" in code[0]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', seed_page).group(1)
    assert csp == content_security_policy(code).replace("'", "&#x27;")
    assert "default-src 'none'" in content_security_policy(code)
    assert "connect-src 'none'" in content_security_policy(code)
    assert all(sha256_source(c) in content_security_policy(code) for c in code)


def test_vis_network_and_its_licence_ship_with_the_package():
    static = Path(__file__).parents[1] / "viz" / "static"
    assert (static / "vis-network.min.js").read_text(encoding="utf-8").startswith("/**\n * vis-network")
    assert "MIT License" in (static / "vis-network.LICENSE.txt").read_text(encoding="utf-8")


# ---------------------------------------------------------------- payload


def test_payload_shares_evidence_and_keeps_every_field():
    G = seed_graph()
    data = build_payload(G, node_scores(G), force_layout(G))
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    refs = [i for e in data["edges"] for i in e["ev"]]
    assert len(data["evidence"]) < len(refs)  # one workshop sentence backs many pairs
    originals = {tuple(sorted(e.items())) for _, _, d in G.edges(data=True) for e in d["evidence"]}
    assert {tuple(sorted((k, v or None) for k, v in e.items())) for e in data["evidence"]} == originals


def test_payload_edge_kinds_threats_and_years_point_into_the_facets():
    G = seed_graph()
    data = build_payload(G, node_scores(G), force_layout(G))
    by_pair = {frozenset((data["nodes"][e["from"]]["iri"], data["nodes"][e["to"]]["iri"])): e for e in data["edges"]}
    edge = by_pair[frozenset((ID + "bolivia", ID + "unodc"))]
    assert [data["kinds"][k]["name"] for k in edge["kinds"]] == ["membership", "programme", "co-activity"]
    assert data["kinds"][edge["main"]]["name"] == "membership"
    assert [data["threats"][t] for t in edge["threats"]] == ["drug trafficking"]
    assert edge["years"] == [2018]
    assert data["years"] == [2018, 2022]
    assert sum(k["count"] for k in data["kinds"] if k["name"] == "co-activity") == sum(
        "co-activity" in d["kinds"] for _, _, d in G.edges(data=True))


def test_payload_tolerates_missing_and_odd_attributes():
    G = nx.Graph()
    G.add_node("x")
    G.add_node("y", label=None, aliases=None, threats="drugs", lat=float("nan"), lon=10)
    G.add_edge("x", "y", weight=float("inf"), evidence=["bare sentence"], years=["2019-05", "n.d."])
    data = build_payload(G, {"x": float("nan")}, {})
    assert [n["label"] for n in data["nodes"]] == ["x", "y"]
    assert "lat" not in data["nodes"][1]
    assert data["edges"][0]["w"] == 1.0 and data["edges"][0]["years"] == [2019]
    assert data["evidence"][0]["sentence"] == "bare sentence"
    json_for_html(data)  # finite, serialisable


# ---------------------------------------------------------------- layouts


def test_force_layout_is_deterministic_and_separates_nodes():
    G = seed_graph()
    first, second = force_layout(G), force_layout(G)
    assert first == second and set(first) == set(G.nodes)
    points = list(first.values())
    assert all(math.isfinite(c) for p in points for c in p)
    nearest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1:])
    assert nearest > 10


def test_force_layout_keeps_components_apart():
    G = nx.Graph([(1, 2), (2, 3), (3, 1), (4, 5)])
    pos = force_layout(G)
    spread = max(math.dist(pos[a], pos[b]) for a in (1, 2, 3) for b in (1, 2, 3))
    assert min(math.dist(pos[a], pos[b]) for a in (1, 2, 3) for b in (4, 5)) > spread / 4


def test_geo_layout_uses_coordinates_countries_and_neighbours():
    G = seed_graph()
    pos = geo_layout(G)
    for key in ("bolivia", "peru", "unodc"):
        d = G.nodes[ID + key]
        assert pos[ID + key] == (round(d["lon"] * GEO_SCALE, 1), round(-d["lat"] * GEO_SCALE, 1))
    bolivia = pos[ID + "bolivia"]
    for agency in ("bo-ministry-of-government", "bo-felcn", "bo-conaltid"):
        assert 0 < math.dist(pos[ID + agency], bolivia) < 3 * GEO_STEP
    assert len(set(pos.values())) == len(pos)  # nobody hidden under somebody else


def test_geo_layout_puts_unlocatable_actors_below_the_map():
    G = nx.Graph()
    G.add_node("a", lat=10.0, lon=20.0)
    G.add_node("lost")
    pos = geo_layout(G)
    assert pos["lost"][1] > pos["a"][1]


# ---------------------------------------------------------------- selection


@pytest.mark.parametrize("name", ["Bolivia", "bolivia", "BOLIVIA", ID + "bolivia",
                                  "Estado Plurinacional de Bolivia", "  estado   plurinacional de bolivia "])
def test_resolve_actor_by_key_label_alias_and_iri(name):
    assert resolve_actor(seed_graph(), name) == ID + "bolivia"


def test_resolve_actor_ignores_accents():
    assert resolve_actor(seed_graph(), "Peru") == resolve_actor(seed_graph(), "perú") == ID + "peru"


def test_unknown_actor_suggests_close_names():
    with pytest.raises(NotFoundError, match="did you mean: Bolivia"):
        resolve_actor(seed_graph(), "Bolivai")


def test_ambiguous_actor_is_a_usage_error():
    G = nx.Graph()
    G.add_node(ID + "a", label="Mercosur")
    G.add_node(ID + "b", label="MERCOSUR")
    with pytest.raises(UsageError, match="ambiguous"):
        resolve_actor(G, "mercosur")


def test_ego_subgraph_depths():
    G = seed_graph()
    assert set(ego_subgraph(G, "Bolivia", 0).nodes) == {ID + "bolivia"}
    one = ego_subgraph(G, "Bolivia", 1)
    assert {G.nodes[v]["label"] for v in one} - {"Bolivia"} == bolivia_partners(G)
    assert one.graph["focus"] == ID + "bolivia"
    two = ego_subgraph(G, "Bolivia", 2)
    assert ID + "peru" in two and ID + "peru" not in one
    assert one.edges[ID + "bolivia", ID + "unodc"]["evidence"] == G.edges[ID + "bolivia", ID + "unodc"]["evidence"]


def test_top_nodes_keeps_the_best_and_the_focus():
    G = nx.star_graph(5)
    scores = {0: 5.0, 1: 0.4, 2: 0.3, 3: 0.2, 4: 0.1, 5: 0.0}
    assert set(top_nodes(G, scores, 2).nodes) == {0, 1}
    assert set(top_nodes(G, scores, 2, keep=[5]).nodes) == {0, 1, 5}


# ---------------------------------------------------------------- centrality


@pytest.mark.parametrize("measure", list(MEASURES))
def test_every_measure_ranks_the_hub_first(measure):
    G = nx.star_graph(6)
    nx.set_edge_attributes(G, 1.0, "weight")
    scores = node_scores(G, measure)
    assert max(scores, key=scores.get) == 0 and all(math.isfinite(v) for v in scores.values())


def test_size_by_an_existing_numeric_attribute():
    G = nx.path_graph(3)
    nx.set_node_attributes(G, {0: 0.1, 1: 0.2, 2: 9.0}, "influence")
    assert node_scores(G, "influence")[2] == 9.0


def test_unknown_size_by_is_a_usage_error():
    with pytest.raises(UsageError, match="pagerank"):
        node_scores(nx.path_graph(3), "fame")


def test_normalise_is_square_root_of_share():
    assert normalise({"a": 9.0, "b": 1.0}) == {"a": 1.0, "b": pytest.approx(1 / 3)}
    assert normalise({"a": 0.0}) == {"a": 0.0}


# ---------------------------------------------------------------- render_html


def test_render_html_writes_and_returns_the_path(tmp_path):
    out = render_html(seed_graph(), tmp_path / "sub" / "map.html")
    assert out == tmp_path / "sub" / "map.html" and out.stat().st_size > 100_000
    assert [p.name for p in out.parent.iterdir()] == ["map.html"]  # no temporary file left


def test_render_html_physics_defaults(tmp_path):
    small = embedded(render_html(seed_graph(), tmp_path / "a.html").read_text(encoding="utf-8"))
    assert small["meta"]["physics"] is True
    geo = embedded(render_html(seed_graph(), tmp_path / "b.html", layout="geo", physics=True).read_text("utf-8"))
    assert geo["meta"]["physics"] is False and geo["meta"]["geo_scale"] == GEO_SCALE
    big = embedded(render_html(synthetic_graph(400, 3000), tmp_path / "c.html").read_text(encoding="utf-8"))
    assert big["meta"]["physics"] is False


def test_render_html_top_n_and_ego_focus(tmp_path):
    ego = ego_subgraph(seed_graph(), "Pilar Sosa", 3)
    data = embedded(render_html(ego, tmp_path / "a.html", top_n=2).read_text(encoding="utf-8"))
    labels = {n["label"] for n in data["nodes"]}
    assert labels == {"United Nations Office on Drugs and Crime", "Bolivia", "Pilar Sosa"}  # top 2 + the centre
    assert data["nodes"][data["meta"]["focus"]]["label"] == "Pilar Sosa"
    assert data["meta"]["note"] == f"top 3 of {ego.number_of_nodes()} actors by degree"


def test_render_html_caps_huge_graphs(tmp_path, monkeypatch):
    monkeypatch.setattr("crimekg.viz.render.MAX_NODES", 30)
    data = embedded(render_html(synthetic_graph(60, 200), tmp_path / "a.html").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 30 and data["meta"]["total_nodes"] == 60
    assert MAX_NODES >= 500


def test_render_html_accepts_directed_graphs(tmp_path):
    data = embedded(render_html(nx.DiGraph([(1, 2), (2, 1)]), tmp_path / "a.html").read_text(encoding="utf-8"))
    assert len(data["edges"]) == 1


def test_render_html_rejects_unknown_layout(tmp_path):
    with pytest.raises(UsageError, match="layout"):
        render_html(seed_graph(), tmp_path / "a.html", layout="circle")


def test_render_html_reports_unwritable_paths(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="cannot write") as err:
        render_html(seed_graph(), tmp_path / "file" / "map.html")
    assert isinstance(err.value, CrimekgError) and "\n" not in str(err.value)
