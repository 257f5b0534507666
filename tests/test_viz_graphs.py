"""Hand-built cooperation graphs for the viz tests (the crimekg.graph.network contract).

``seed_graph()`` mirrors a corner of the seed documents (Bolivia's CRIMJUST
workshops, the Peru workshop, EL PAcCTO) with their real sentences, plus
hostile labels, aliases, titles and sentences that must show as text.
The tests at the bottom check the fixture itself follows the contract.
"""

from __future__ import annotations

import networkx as nx

ID = "https://w3id.org/crimekg/id/"
DOC = "https://w3id.org/crimekg/doc/"

XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "</script><script>window.__xss=2</script>"
XSS_HREF = '<a href="javascript:window.__xss=3">read the report</a>'
XSS_SENTENCE = 'Officers met <b onmouseover="window.__xss=4">here</b> & agreed </style><script>window.__xss=5</script>'

DOC0 = "UNODC in Bolivia: CRIMJUST promotes capacity building and regional cooperation through a series of workshops"
DOC1 = ("CRIMJUST supports Peru in fostering international judicial cooperation in organised crime "
        "and drug trafficking")
DOC2 = "Fighting Organized Crime in Latin America"

S_JOINED = ("5-30 November 2018 - Having joined the CRIMJUST Programme in November 2018, Bolivia receives "
            "tailored technical assistance.")
S_WORKSHOP1 = ("The first activity, a workshop on regional and interregional cooperation in criminal justice matters "
               "from 5-7 November 2018 in La Paz, was jointly organized by CRIMJUST and the Ministry of Government, "
               "the Ministry of Defence, the National Council for the Fight against Drug Trafficking and the Special "
               "Forces for the Fight against Drug Trafficking.")
S_INFORMANTS = ("The third activity was a workshop on payment and management of informants, facilitated by anti-drug "
                "police representatives from Colombia and the Bolivian Special Forces for the Fight against Drug "
                "Trafficking.")
S_PERU = ("The workshop contributed to strengthening judicial cooperation in Latin America and the Caribbean by "
          "improving the capacities of criminal justice officers from Argentina, Brazil, Colombia, Ecuador, the "
          "Dominican Republic, Panama and Peru.")
S_PACCTO = ("CLASI, supported by the EL PAcCTO program, has intensified the fight against transnational crime in "
            "Latin America.")

DRUGS = "drug trafficking"
MONEY = "money laundering"
CRIMJUST = "CRIMJUST"
PACCTO = "EL PAcCTO"


def _ev(kind: str, via: str, via_label: str, doc: str, title: str, date: str | None, sentence: str) -> dict:
    return {"kind": kind, "via": ID + via, "via_label": via_label, "document": DOC + doc, "title": title,
            "date": date, "sentence": sentence}


def seed_graph() -> nx.Graph:
    """About twenty actors around Bolivia, with evidence from the seed documents and hostile strings."""
    G = nx.Graph()

    def node(key: str, label: str, type_: str, *, lat: float | None = None, lon: float | None = None,
             country: str | None = None, aliases: list[str] | None = None, threats: list[str] | None = None,
             programmes: list[str] | None = None) -> None:
        G.add_node(ID + key, label=label, type=type_, aliases=aliases or [], lat=lat, lon=lon,
                   country=ID + country if country else None, threats=threats or [], programmes=programmes or [])

    node("bolivia", "Bolivia", "Country", lat=-16.29, lon=-63.59,
         aliases=["Plurinational State of Bolivia", "Estado Plurinacional de Bolivia"],
         threats=[DRUGS], programmes=[CRIMJUST, PACCTO])
    node("peru", "Peru", "Country", lat=-9.19, lon=-75.02, aliases=["Perú"], threats=[DRUGS, MONEY],
         programmes=[CRIMJUST])
    node("colombia", "Colombia", "Country", lat=4.57, lon=-74.30, threats=[DRUGS])
    node("panama", "Panama", "Country", lat=8.54, lon=-80.78, threats=[MONEY])
    node("argentina", "Argentina", "Country", lat=-38.42, lon=-63.62)
    node("unodc", "United Nations Office on Drugs and Crime", "InternationalOrganization", lat=48.23, lon=16.41,
         aliases=["UNODC", "ONUDD"], threats=[DRUGS, MONEY], programmes=[CRIMJUST])
    node("european-union", "European Union", "InternationalOrganization", lat=50.85, lon=4.35, aliases=["EU"],
         programmes=[PACCTO])
    node("expertise-france", "Expertise France", "Agency", lat=48.86, lon=2.35, programmes=[PACCTO])
    node("bo-ministry-of-government", "Ministry of Government (Bolivia)", "GovernmentAgency", country="bolivia",
         aliases=["Ministerio de Gobierno"])
    node("bo-ministry-of-defence", "Ministry of Defence (Bolivia)", "GovernmentAgency", country="bolivia")
    node("bo-conaltid", "National Council for the Fight against Drug Trafficking", "GovernmentAgency",
         country="bolivia", aliases=["CONALTID"])
    node("bo-felcn", "Special Forces for the Fight against Drug Trafficking", "GovernmentAgency",
         country="bolivia", aliases=["FELCN"], threats=[DRUGS])
    node("co-anti-drug-police", "Anti-Narcotics Police of Colombia", "GovernmentAgency", country="colombia")
    node("devida", "National Commission for Development and Life Without Drugs", "GovernmentAgency",
         country="peru", aliases=["DEVIDA"])
    node("rfai", "Iberoamerican Network of Anti-Drug Prosecutors", "Network", aliases=["RFAI"])
    node("clasi", "Latin-American Internal Security Committee", "Network", aliases=["CLASI"])
    node("transparency", "Transparency International", "CivilSociety", lat=52.52, lon=13.40)
    node("pilar-sosa", "Pilar Sosa", "Person", country="peru")
    node("hostile-img", XSS_IMG, "Network", aliases=[XSS_SCRIPT], threats=[XSS_IMG])
    node("hostile-script", XSS_SCRIPT, "CivilSociety", programmes=[XSS_SCRIPT])

    def edge(a: str, b: str, kinds: list[str], evidence: list[dict], *, threats: list[str] | None = None,
             programmes: list[str] | None = None) -> None:
        years = sorted({int(e["date"][:4]) for e in evidence if e["date"]})
        G.add_edge(ID + a, ID + b, weight=float(len(evidence)), kinds=kinds, evidence=evidence,
                   threats=threats or [], programmes=programmes or [], years=years)

    joined = _ev("membership", "m-bolivia-crimjust", "Bolivia joins CRIMJUST", "doc-000", DOC0, "2018-11", S_JOINED)
    ws1 = _ev("co-activity", "ws-2018-11-la-paz", "Workshop on regional cooperation, La Paz", "doc-000", DOC0,
              "2018-11", S_WORKSHOP1)
    ws3 = _ev("co-activity", "ws-2018-11-informants", "Workshop on informants", "doc-000", DOC0, "2018-11",
              S_INFORMANTS)
    peru_ws = _ev("co-activity", "ws-2018-06-lima", "Workshop on judicial cooperation, Peru", "doc-001", DOC1,
                  None, S_PERU)
    paccto = _ev("programme", "el-paccto", "EL PAcCTO", "doc-002", DOC2, "2022-05", S_PACCTO)
    hostile = _ev("cooperation", "hostile-activity", XSS_IMG, "doc-666", XSS_HREF, "2021", XSS_SENTENCE)

    edge("bolivia", "unodc", ["membership", "programme", "co-activity"], [joined, ws1],
         threats=[DRUGS], programmes=[CRIMJUST])
    for agency in ("bo-ministry-of-government", "bo-ministry-of-defence", "bo-conaltid", "bo-felcn"):
        edge("bolivia", agency, ["co-activity"], [ws1], threats=[DRUGS], programmes=[CRIMJUST])
        edge("unodc", agency, ["co-activity"], [ws1], threats=[DRUGS], programmes=[CRIMJUST])
    edge("bolivia", "colombia", ["co-activity"], [ws3], threats=[DRUGS], programmes=[CRIMJUST])
    edge("co-anti-drug-police", "bo-felcn", ["co-activity"], [ws3], threats=[DRUGS], programmes=[CRIMJUST])
    for country in ("peru", "colombia", "panama", "argentina"):
        edge("unodc", country, ["co-activity"], [peru_ws], threats=[DRUGS, MONEY], programmes=[CRIMJUST])
    edge("peru", "colombia", ["co-activity"], [peru_ws], threats=[DRUGS, MONEY], programmes=[CRIMJUST])
    edge("peru", "panama", ["co-activity"], [peru_ws], threats=[MONEY], programmes=[CRIMJUST])
    edge("unodc", "devida", ["cooperation"], [peru_ws], threats=[DRUGS, MONEY], programmes=[CRIMJUST])
    edge("unodc", "rfai", ["cooperation"], [peru_ws], threats=[DRUGS], programmes=[CRIMJUST])
    edge("devida", "pilar-sosa", ["position"], [peru_ws])
    edge("expertise-france", "european-union", ["funding", "programme"], [paccto], programmes=[PACCTO])
    edge("expertise-france", "clasi", ["programme"], [paccto], threats=[DRUGS], programmes=[PACCTO])
    edge("bolivia", "clasi", ["membership"], [paccto], programmes=[PACCTO])
    edge("bolivia", "european-union", ["programme"], [paccto], programmes=[PACCTO])
    edge("hostile-img", "hostile-script", ["cooperation"], [hostile], threats=[XSS_IMG], programmes=[XSS_SCRIPT])
    edge("hostile-img", "transparency", ["agreement"], [hostile])
    return G


def bolivia_partners(G: nx.Graph) -> set[str]:
    """Labels of Bolivia's neighbours in ``G``."""
    return {G.nodes[v]["label"] for v in G.neighbors(ID + "bolivia")}


# ---------------------------------------------------------------- fixture checks

NODE_KEYS = {"label", "type", "aliases", "lat", "lon", "country", "threats", "programmes"}
EDGE_KEYS = {"weight", "kinds", "evidence", "threats", "programmes", "years"}
EVIDENCE_KEYS = {"kind", "via", "via_label", "document", "title", "date", "sentence"}


def test_seed_graph_follows_the_network_contract():
    G = seed_graph()
    assert all(set(d) == NODE_KEYS for _, d in G.nodes(data=True))
    assert all(set(d) == EDGE_KEYS for _, _, d in G.edges(data=True))
    assert all(set(e) == EVIDENCE_KEYS for _, _, d in G.edges(data=True) for e in d["evidence"])
    kinds = {"co-activity", "agreement", "programme", "membership", "funding", "organisation", "position",
             "cooperation"}
    assert all(set(d["kinds"]) <= kinds for _, _, d in G.edges(data=True))


def test_seed_graph_quotes_the_seed_documents():
    from pathlib import Path

    texts = " ".join(" ".join(p.read_text(encoding="utf-8").split())
                     for p in (Path(__file__).parents[1] / "data" / "documents").glob("*.txt"))
    sentences = {e["sentence"] for _, _, d in seed_graph().edges(data=True) for e in d["evidence"]}
    real = sentences - {XSS_SENTENCE}
    assert real and all(s in texts for s in real)
