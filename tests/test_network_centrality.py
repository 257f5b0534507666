"""Centrality of the seed network against values worked out by hand, and engine agreement.

Hand checks (from data/annotations and the gazetteer, with graph/linkrules.yaml):

Bolivia, 14 partners, weighted degree 19:
  co-activity through ta-2018-11-bolivia-crimjust-workshops (Bolivia beneficiary):
      unodc-bolivia, unodc-headquarters (organizers)                      1 + 1
  agreement through its four bilateral/strategy agreements:
      argentina, paraguay, peru (party), bo-ministry-of-justice (responsible)
  programme through crimjust (Bolivia beneficiary):
      european-union (funder), interpol, transparency-international (partner),
      unodc (implementer), peru (beneficiary)
  cooperation: Bolivia cooperatesWith panama, paraguay, argentina, brazil,
      venezuela, spain, peru (doc-004); unodc cooperatesWith bolivia (doc-000)
  weights: argentina 2, paraguay 2, peru 3, unodc 2, the ten others 1 -> 19
  (bolivia memberOf crimjust links no one: CRIMJUST is a programme, not an actor)

UNODC, 23 partners, weighted degree 30:
  co-activity through ws-2018-06-peru-judicial-cooperation (UNODC organizer):
      argentina, brazil, colombia, dominican-republic, ecuador, panama, peru,
      devida, rfai, eu-delegation-peru, juan-carlos-araneda, pilar-sosa,
      stefaan-pauwels, unodc-peru-ecuador, latin-america-and-caribbean
  programme through crimjust (UNODC implementer): bolivia, peru, european-union,
      interpol, transparency-international
  cooperation: cooperatesWith devida, rfai, bolivia; partner interpol,
      transparency-international
  organisation (subOrganizationOf): united-nations; unodc-bolivia,
      unodc-headquarters, unodc-peru-ecuador, unodc-ropan
  weights 2: peru, devida, rfai, unodc-peru-ecuador, bolivia, interpol,
      transparency-international; 1: the 16 others -> 7*2 + 16 = 30

Agreement network (``--kind agreement``): a star, Bolivia with argentina,
paraguay, peru and bo-ministry-of-justice, plus european-union -- latin-america;
n = 7.  Bolivia: betweenness 6 pairs / 15 = 0.4; closeness (4/4) * (4/6);
eigenvector: star K(1,4) has eigenvalue 2, centre 2y, leaves y, unit norm
-> 1/sqrt(2) and 1/(2 sqrt(2)), the other pair 0; PageRank (d = 0.85): the
isolated pair 1/7 each, centre c = (0.15/7) * 4.4 / (1 - 0.85 * 0.85) =
0.339768, leaf 0.15/7 + 0.85 c / 4 = 0.093629.

Organisation network (``--kind organisation``), n = 41: the UN tree is
united-nations -- undp, cted, unicef, unoct, unicri, unoda, unodc; unoda --
unlirec; unodc -- its four offices (13 nodes).  UNODC separates its 4 offices
from the 8 other nodes (32 pairs) and the offices from each other (6):
38 / (40*39/2) = 38/780; united-nations separates branches of sizes
1,1,1,1,1,2,5: (144 - 34) / 2 = 55 pairs -> 55/780.
UNODC closeness: reach 12, distances 5*1 + 6*2 + 1*3 = 20 -> (12/20) * (12/40).
"""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest
from crimekg.graph.errors import UsageError
from crimekg.graph.network.centrality import MEASURES, centrality, centrality_rows, pick_engine
from crimekg.graph.network.projection import cooperation_graph

ID = "https://w3id.org/crimekg/id/"


@pytest.fixture(scope="module")
def seed_graph(seed_store):
    return cooperation_graph(seed_store)


def neighbours(G: nx.Graph, key: str) -> dict[str, float]:
    return {v.rsplit("/", 1)[-1]: G.edges[ID + key, v]["weight"] for v in G[ID + key]}


def test_bolivia_partners_and_weights_by_hand(seed_graph):
    assert neighbours(seed_graph, "bolivia") == {
        "unodc-bolivia": 1, "unodc-headquarters": 1, "argentina": 2, "paraguay": 2, "peru": 3,
        "bo-ministry-of-justice": 1, "european-union": 1, "interpol": 1, "transparency-international": 1,
        "unodc": 2, "panama": 1, "brazil": 1, "venezuela": 1, "spain": 1}
    assert seed_graph.edges[ID + "bolivia", ID + "peru"]["kinds"] == ["agreement", "cooperation", "programme"]
    scores = centrality(seed_graph, ["degree", "weighted_degree"])
    assert scores["degree"][ID + "bolivia"] == 14
    assert scores["weighted_degree"][ID + "bolivia"] == 19


def test_unodc_partners_and_weights_by_hand(seed_graph):
    twos = {"peru", "devida", "rfai", "unodc-peru-ecuador", "bolivia", "interpol", "transparency-international"}
    ones = {"argentina", "brazil", "colombia", "dominican-republic", "ecuador", "panama", "eu-delegation-peru",
            "juan-carlos-araneda", "pilar-sosa", "stefaan-pauwels", "latin-america-and-caribbean", "european-union",
            "united-nations", "unodc-bolivia", "unodc-headquarters", "unodc-ropan"}
    assert neighbours(seed_graph, "unodc") == {**dict.fromkeys(twos, 2.0), **dict.fromkeys(ones, 1.0)}
    for engine in ("networkx", "igraph"):
        scores = centrality(seed_graph, ["degree", "weighted_degree"], engine=engine)
        assert scores["degree"][ID + "unodc"] == 23
        assert scores["weighted_degree"][ID + "unodc"] == 30


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_agreement_network_all_measures_by_hand(seed_store, engine):
    G = cooperation_graph(seed_store, kinds=["agreement"])
    assert sorted(G.degree(ID + k) for k in ("bolivia", "argentina", "european-union")) == [1, 1, 4]
    assert G.number_of_nodes() == 7
    s = centrality(G, engine=engine)
    bolivia, argentina, eu = ID + "bolivia", ID + "argentina", ID + "european-union"
    assert s["degree"][bolivia] == 4 and s["weighted_degree"][bolivia] == 4
    assert s["betweenness"][bolivia] == pytest.approx(0.4)
    assert s["betweenness"][argentina] == 0 and s["betweenness"][eu] == 0
    assert s["closeness"][bolivia] == pytest.approx(4 / 6)
    assert s["closeness"][argentina] == pytest.approx((4 / 7) * (4 / 6))
    assert s["closeness"][eu] == pytest.approx(1 / 6)
    assert s["eigenvector"][bolivia] == pytest.approx(1 / math.sqrt(2))
    assert s["eigenvector"][argentina] == pytest.approx(1 / (2 * math.sqrt(2)))
    assert s["eigenvector"][eu] == pytest.approx(0, abs=1e-9)
    centre = (0.15 / 7) * 4.4 / (1 - 0.85 * 0.85)
    assert centre == pytest.approx(0.339768, abs=1e-6)
    assert s["pagerank"][bolivia] == pytest.approx(centre, abs=1e-5)
    assert s["pagerank"][argentina] == pytest.approx(0.15 / 7 + 0.85 * centre / 4, abs=1e-5)
    assert s["pagerank"][eu] == pytest.approx(1 / 7, abs=1e-5)


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_organisation_network_unodc_by_hand(seed_store, engine):
    G = cooperation_graph(seed_store, kinds=["organisation"])
    n = G.number_of_nodes()
    assert n == 41
    s = centrality(G, ["degree", "betweenness", "closeness"], engine=engine)
    assert s["degree"][ID + "unodc"] == 5 and s["degree"][ID + "united-nations"] == 7
    assert s["betweenness"][ID + "unodc"] == pytest.approx(38 / ((n - 1) * (n - 2) / 2))
    assert s["betweenness"][ID + "united-nations"] == pytest.approx(55 / 780)
    assert s["closeness"][ID + "unodc"] == pytest.approx((12 / 20) * (12 / 40))


def _weighted_random(n: int, m: int, seed: int) -> nx.Graph:
    G = nx.gnm_random_graph(n, m, seed=seed)
    rng = random.Random(seed)
    for u, v in G.edges():
        G.edges[u, v]["weight"] = float(rng.randint(1, 5))
    G.add_node("isolated")
    return G


@pytest.mark.parametrize("name", ["seed", "random", "disconnected", "karate"])
@pytest.mark.parametrize("sample", [None, 9])
def test_engines_agree(seed_graph, name, sample):
    G = {"seed": seed_graph, "random": _weighted_random(120, 600, 3),
         "disconnected": nx.disjoint_union(nx.complete_graph(6), nx.star_graph(5)),
         "karate": nx.karate_club_graph()}[name]
    a = centrality(G, engine="networkx", sample=sample, seed=11)
    b = centrality(G, engine="igraph", sample=sample, seed=11)
    for measure in MEASURES:
        tolerance = 1e-4 if measure == "pagerank" else 1e-9  # networkx's PageRank stops at tol 1e-6
        for node in G:
            assert a[measure][node] == pytest.approx(b[measure][node], abs=tolerance), (measure, node)


def test_sampled_betweenness_is_seeded_and_matches_networkx():
    G = _weighted_random(80, 300, 5)
    first = centrality(G, ["betweenness"], engine="igraph", sample=10, seed=1)["betweenness"]
    again = centrality(G, ["betweenness"], engine="igraph", sample=10, seed=1)["betweenness"]
    other = centrality(G, ["betweenness"], engine="igraph", sample=10, seed=2)["betweenness"]
    reference = nx.betweenness_centrality(G, k=10, seed=1)
    assert first == again
    assert first != other
    assert all(first[v] == pytest.approx(reference[v], abs=1e-12) for v in G)


def test_auto_engine_and_errors():
    assert pick_engine(nx.path_graph(5)) == "networkx"
    assert pick_engine(nx.complete_graph(80)) == "igraph"  # 3160 edges
    with pytest.raises(UsageError):
        centrality(nx.path_graph(3), ["fame"])
    with pytest.raises(UsageError):
        pick_engine(nx.path_graph(3), "gpu")
    assert centrality(nx.Graph(), ["degree"]) == {"degree": {}}


def test_rows_rank_and_cut(seed_graph):
    scores = centrality(seed_graph, ["degree", "pagerank"])
    rows = centrality_rows(seed_graph, scores, top=3)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert rows[0]["actor"] == ID + "unodc" and rows[0]["degree"] == 23
    assert list(rows[0]) == ["rank", "actor", "label", "type", "degree", "pagerank"]
    by_pagerank = centrality_rows(seed_graph, scores, sort_by="pagerank")
    values = [r["pagerank"] for r in by_pagerank]
    assert values == sorted(values, reverse=True)
    with pytest.raises(UsageError):
        centrality_rows(seed_graph, scores, sort_by="closeness")
