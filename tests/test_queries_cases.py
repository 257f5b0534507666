"""Every saved query answers its competency question on the seed graph, with EXACT rows.

The expected rows were read off the five documents (data/documents/*.txt) and
their curated annotations by hand -- the quoted sentences are in the
comments -- not produced by running the queries.  ``test_remote.py`` runs the
same cases against a real Oxigraph server.

Row notation: IRIs in the crimekg namespaces are compacted (``id:bolivia``,
``threat:...``, ``doc:...``, ``ckg:...``); integers and decimals compare as
numbers; every other literal as its text; an unbound value is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from crimekg.graph.queries import bind_params, library
from crimekg.graph.resources import data_dir
from crimekg.graph.sparql_results import compact
from crimekg.graph.sparql_run import execute
from crimekg.graph.store import KGStore
from rdflib import Literal, URIRef
from rdflib.namespace import XSD


@dataclass(frozen=True)
class Case:
    """A saved query, its parameters, the columns checked and the exact expected rows."""

    id: str
    query: str
    params: dict[str, str] = field(default_factory=dict)
    columns: tuple[str, ...] | None = None  # None: every projected column, in order
    rows: Any = None  # list of tuples; a bool for ASK; a set of (s, p, o) for CONSTRUCT


def value(term: Any) -> Any:
    """A result term in the notation of the expected rows."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in (XSD.integer, XSD.int, XSD.long):
            return int(term)
        if term.datatype in (XSD.decimal, XSD.double, XSD.float):
            return Decimal(str(term))
        return str(term)
    if isinstance(term, URIRef):
        return compact(term)
    return str(term)


def run_case(store: KGStore, case: Case) -> Any:
    """Run a case's query with its parameters (typed and resolved per the header) and normalise the result."""
    query = library()[case.query]
    _, result = execute(store, query.text, bind_params(query, case.params, store))
    assert result is not None
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return {(value(s), value(p), value(o)) for s, p, o in result.graph}
    names = [str(v) for v in result.vars]
    wanted = list(case.columns or names)
    for column in wanted:
        assert column in names, f"{case.query} has no column {column}"
    return [tuple(value(row[names.index(c)]) for c in wanted) for row in result]


def doc_text(doc_id: str) -> str:
    number = doc_id.split("-")[1]
    (path,) = sorted((data_dir() / "documents").glob(f"{number}_*.txt"))
    return Path(path).read_text(encoding="utf-8")


def span(doc_id: str, sentence: str) -> tuple[int, int]:
    """Offsets of a hand-copied sentence in the document text (independent of the graph)."""
    start = doc_text(doc_id).index(sentence)
    return start, start + len(sentence)


WORKSHOP_PERU = "id:ws-2018-06-peru-judicial-cooperation"
# doc-000, last paragraph (CRIMJUST's aims)
S000_CRIMJUST = (
    "Under the framework of the CRIMJUST project funded by European\u00a0 Union Cocaine Route Programme, UNODC and its "
    "partners (INTERPOL and TI) aim to assist Member States to enhance their capacity and integrity of criminal "
    "justice institutions to detect, investigate, prosecute and adjudicate illicit cocaine trafficking cases, and to "
    "foster cooperation at the interregional level for effective action to tackle drug trafficking and related "
    "organized crime.")
S000_26 = ("A total number of 26\u00a0 prosecutors and law enforcement officers increased their skills regarding the "
           "judicial framework for cooperation in matters of drug trafficking and mechanisms for cooperation to "
           "operationalize mutual legal assistance.")
S003_EFFORT = ("This workshop is part of larger effort by CRIMJUST to ensure that investigations into drug trafficking "
               "cases go beyond mere interdiction activities and ultimately cut off organized crime groups from "
               "accessing their illicit profits.")
S003_HELD = (
    "24-25 July 2019 -The Regional Office for Central America and the Caribbean of the United Nations Office on "
    "Drugs and Crime (UNODC ROPAN), under the framework of CRIMJUST, held a two-day workshop on asset recovery "
    "in the city of David, in Panama, underscoring the importance of depriving organized crime groups of "
    "their illicit proceeds.")
S003_NINETEEN = (
    "Some nineteen (19) participants, including six (6) women and thirteen (13) men, from the judicial body "
    "General Prosecutor's Office, Public Defender Office and Investigation Unit of the National Police "
    "attended the event to explore legal pathways possible to facilitate asset recovery.")
S003_EXPERTS = (
    "During this workshop, experts provided participants with an economic assessment of the consequences of "
    "drug trafficking as well as with an overview of the international legal framework structuring "
    "actions for asset recovery.")
S003_TRAINING = (
    "The training aimed to bolster capacities of participating prosecutors to investigate financial crime, "
    "notably in cases of drug trafficking, organized crime and corruption, as well as to encourage judges "
    "to employ available legal avenues for achieving asset recovery.")
S001_PAUWELS = ("Mr. Stefaan Pauwels, Head of Cooperation of the Delegation of the European Union, highlighted the "
                "support towards efficient criminal investigations and the need to further strengthen the fight "
                "against drug trafficking in Peru and the region.")
S001_ARANEDA = ("Representing the UNODC office in Peru and Ecuador, Mr. Juan Carlos Araneda mentioned that it is "
                "essential for the UNODC to actively promote regional and international judicial cooperation through "
                "the exchange of good practices and technical assistance at a national and regional level.")
S002_SINCE = ("INTERVIEW Since 2017, through the El PAcCTO program, Expertise France has been strengthening law "
              "enforcement and judicial cooperation in Latin America.")
TITLE = {
    "doc-000": "UNODC in Bolivia: CRIMJUST promotes capacity building and regional cooperation through a series of "
               "workshops",
    "doc-001": "CRIMJUST supports Peru in fostering international judicial cooperation in organised crime and drug "
               "trafficking",
    "doc-002": "Fighting Organized Crime in Latin America",
    "doc-003": "CRIMJUST holds workshop on asset recovery in Panama",
    "doc-004": "Bolivia establishes international alliances to combat human trafficking and smuggling",
}
D = Decimal

CASES: list[Case] = [
    # doc-004: "bilateral agreements with countries including Paraguay, Peru, and Argentina" (+ cooperating).
    Case("partners-paraguay", "partners", {"actor": "Paraguay"}, None, [
        ("id:bolivia", "Bolivia", "agreement", "id:agr-bolivia-paraguay-trafficking",
         "Bolivia-Paraguay bilateral agreement against human trafficking and smuggling", "party", "party"),
        ("id:bolivia", "Bolivia", "cooperation", None, None, "object of cooperatesWith", "cooperatesWith"),
    ]),
    # doc-001: DEVIDA collaborated on the Peru workshop; everyone else attached to it is a co-activity partner;
    # Pilar Sosa is DEVIDA's director; "UNODC ... in collaboration with ... DEVIDA" (cooperatesWith).
    Case("partners-devida", "partners", {"actor": "DEVIDA PERU"}, ("partner", "kind", "via", "role", "partnerRole"), [
        ("id:argentina", "co-activity", WORKSHOP_PERU, "collaborator", "participatingCountry"),
        ("id:brazil", "co-activity", WORKSHOP_PERU, "collaborator", "participatingCountry"),
        ("id:colombia", "co-activity", WORKSHOP_PERU, "collaborator", "participatingCountry"),
        ("id:dominican-republic", "co-activity", WORKSHOP_PERU, "collaborator", "participatingCountry"),
        ("id:ecuador", "co-activity", WORKSHOP_PERU, "collaborator", "participatingCountry"),
        ("id:eu-delegation-peru", "co-activity", WORKSHOP_PERU, "collaborator", "participant"),
        ("id:juan-carlos-araneda", "co-activity", WORKSHOP_PERU, "collaborator", "participant"),
        ("id:latin-america-and-caribbean", "co-activity", WORKSHOP_PERU, "collaborator", "beneficiary"),
        ("id:panama", "co-activity", WORKSHOP_PERU, "collaborator", "participatingCountry"),
        ("id:peru", "co-activity", WORKSHOP_PERU, "collaborator", "beneficiary"),
        ("id:peru", "co-activity", WORKSHOP_PERU, "collaborator", "participatingCountry"),
        ("id:pilar-sosa", "co-activity", WORKSHOP_PERU, "collaborator", "participant"),
        ("id:rfai", "co-activity", WORKSHOP_PERU, "collaborator", "collaborator"),
        ("id:rfai", "co-activity", WORKSHOP_PERU, "collaborator", "participant"),
        ("id:stefaan-pauwels", "co-activity", WORKSHOP_PERU, "collaborator", "participant"),
        ("id:unodc", "co-activity", WORKSHOP_PERU, "collaborator", "organizer"),
        ("id:unodc-peru-ecuador", "co-activity", WORKSHOP_PERU, "collaborator", "participant"),
        ("id:unodc", "cooperation", None, "object of cooperatesWith", "cooperatesWith"),
        ("id:pilar-sosa", "position", None, "object of affiliatedWith", "affiliatedWith"),
        ("id:pilar-sosa", "position", "id:pos-pilar-sosa-devida", "organization", "holder"),
    ]),
    # How are Bolivia and Peru connected?  doc-004 agreement + cooperation; doc-000/001 CRIMJUST beneficiaries.
    Case("partners-bolivia-peru", "partners", {"actor": "Estado Plurinacional de Bolivia", "partner": "Perú"},
         ("partner", "kind", "via", "role", "partnerRole"), [
             ("id:peru", "agreement", "id:agr-bolivia-peru-trafficking", "party", "party"),
             ("id:peru", "cooperation", None, "cooperatesWith", "object of cooperatesWith"),
             ("id:peru", "programme", "id:crimjust", "beneficiary", "beneficiary"),
         ]),
    # doc-002: "the Jaguar Network, which is specialized in the fight against environmental crimes";
    # "Two SMTs were created in Bolivia to fight human trafficking and environmental crimes".
    Case("actors-environmental-crime", "actors-by-threat", {"threat": "environmental crimes"}, None, [
        ("id:jaguar-network", "Jaguar Network", "directly", None, None),
        ("id:smt-bolivia-environmental-crimes",
         "Specialized Multidisciplinary Team against environmental crimes (Bolivia)", "directly", None, None),
    ]),
    # doc-004 (agreements, council, headline), doc-002 (CLASI plan, SMT).
    Case("actors-human-trafficking", "actors-by-threat", {"threat": "trata de personas"},
         ("actor", "role", "through"), [
             ("id:argentina", "party", "id:agr-bolivia-argentina-trafficking"),
             ("id:bo-ministry-of-justice", "responsible", "id:agr-bolivia-international-strategy-trafficking"),
             ("id:bo-ministry-of-justice", "responsible", "id:bo-plurinational-council-trafficking"),
             ("id:bo-plurinational-council-trafficking", "directly", None),
             ("id:bolivia", "directly", None),
             ("id:bolivia", "party", "id:agr-bolivia-argentina-trafficking"),
             ("id:bolivia", "party", "id:agr-bolivia-domestic-strategy-trafficking"),
             ("id:bolivia", "party", "id:agr-bolivia-international-strategy-trafficking"),
             ("id:bolivia", "party", "id:agr-bolivia-paraguay-trafficking"),
             ("id:bolivia", "party", "id:agr-bolivia-peru-trafficking"),
             ("id:bolivia", "party", "id:agr-bolivia-plurinational-plan-trafficking-2021-2025"),
             ("id:clasi", "responsible", "id:agr-clasi-action-plan-human-trafficking-migrant-smuggling"),
             ("id:paraguay", "party", "id:agr-bolivia-paraguay-trafficking"),
             ("id:peru", "party", "id:agr-bolivia-peru-trafficking"),
             ("id:smt-bolivia-human-trafficking", "directly", None),
         ]),
    # doc-000: the series (5-30 November 2018) and its three workshops, all in Bolivia.
    Case("activities-bolivia-2018", "activities-by-country-year", {"country": "BO", "year": "2018"},
         ("activity", "type", "start", "startYear"), [
             ("id:ws-2018-11-bolivia-asset-forfeiture", "Workshop", "2018-11", 2018),
             ("id:ws-2018-11-bolivia-informants", "Workshop", "2018-11", 2018),
             ("id:ta-2018-11-bolivia-crimjust-workshops", "TechnicalAssistance", "2018-11-05", 2018),
             ("id:ws-2018-11-la-paz-regional-cooperation", "Workshop", "2018-11-05", 2018),
         ]),
    # All activities with a country: doc-000 (4), doc-001 (Peru), doc-002 (2 establishments), doc-003 (Panama),
    # doc-004 (the Vice-Minister's assessment); undated ones first.
    Case("activities-all", "activities-by-country-year", {}, ("activity", "country", "start"), [
        ("id:assess-bolivia-trafficking-origin-south-america", "id:bolivia", None),
        ("id:est-smt-bolivia-environmental-crimes", "id:bolivia", None),
        (WORKSHOP_PERU, "id:peru", "2018-06-26"),
        ("id:ws-2018-11-bolivia-asset-forfeiture", "id:bolivia", "2018-11"),
        ("id:ws-2018-11-bolivia-informants", "id:bolivia", "2018-11"),
        ("id:ta-2018-11-bolivia-crimjust-workshops", "id:bolivia", "2018-11-05"),
        ("id:ws-2018-11-la-paz-regional-cooperation", "id:bolivia", "2018-11-05"),
        ("id:ws-2019-07-david-asset-recovery", "id:panama", "2019-07-24"),
        ("id:est-2021-smt-bolivia-human-trafficking", "id:bolivia", "2021"),
    ]),
    # 26 + 28 + 22 participants in Bolivia (doc-000); "Some nineteen (19) participants" in David (doc-003).
    Case("participant-totals", "participant-totals", {}, None, [
        ("id:bolivia", "Bolivia", 2018, 3, 76),
        ("id:panama", "Panama", 2019, 1, 19),
    ]),
    Case("participant-totals-panama", "participant-totals", {"country": "Panamá", "year": "2019"}, None, [
        ("id:panama", "Panama", 2019, 1, 19),
    ]),
    Case("activity-participants", "activity-participants", {},
         ("activity", "start", "participants", "women", "men", "profile"), [
             ("id:ws-2018-11-bolivia-asset-forfeiture", "2018-11", 28, None, None, None),
             ("id:ws-2018-11-bolivia-informants", "2018-11", 22, None, None, "national officers"),
             ("id:ws-2018-11-la-paz-regional-cooperation", "2018-11-05", 26, None, None,
              "prosecutors and law enforcement officers"),
             ("id:ws-2019-07-david-asset-recovery", "2019-07-24", 19, 6, 13, "prosecutors and judges"),
         ]),
    Case("activity-participants-min-25", "activity-participants", {"min": "25"}, ("activity", "participants"), [
        ("id:ws-2018-11-bolivia-asset-forfeiture", 28),
        ("id:ws-2018-11-la-paz-regional-cooperation", 26),
    ]),
    # doc-000 "CRIMJUST project funded by European Union Cocaine Route Programme"; gazetteer: the EU funds the
    # Cocaine Route Programme; doc-003 "funded by the European Union under the framework of the Cocaine Route
    # Programme".
    Case("programme-funders", "programme-funders", {}, ("programme", "funder", "funded"), [
        ("id:cocaine-route-programme", "id:european-union", None),
        ("id:cocaine-route-programme", "id:european-union", "id:crimjust"),
        ("id:cocaine-route-programme", "id:european-union", "id:ws-2019-07-david-asset-recovery"),
        # EU programmes of the gazetteer (reference facts: funder european-union)
        ("id:copolad", "id:european-union", None),
        ("id:copolad-ii", "id:european-union", None),
        ("id:copolad-iii", "id:european-union", None),
        ("id:crimjust", "id:european-union", None),
        ("id:eu-act", "id:european-union", None),
        ("id:ocwar-c", "id:european-union", None),
        ("id:ocwar-m", "id:european-union", None),
        ("id:ocwar-t", "id:european-union", None),
        ("id:seacop", "id:european-union", None),
    ]),
    Case("programme-funders-crimjust", "programme-funders", {"programme": "CRIMJUST project"}, None, [
        ("id:crimjust", "CRIMJUST", "id:european-union", "European Union", None, None),
    ]),
    Case("programme-actors", "programme-actors", {}, ("programme", "role", "actor"), [
        ("id:cocaine-route-programme", "funder", "id:european-union"),
        ("id:copolad", "funder", "id:european-union"),  # gazetteer reference facts
        ("id:copolad-ii", "funder", "id:european-union"),
        ("id:copolad-iii", "funder", "id:european-union"),
        ("id:crimjust", "beneficiary", "id:bolivia"),
        ("id:crimjust", "beneficiary", "id:peru"),
        ("id:crimjust", "funder", "id:european-union"),
        ("id:crimjust", "implementer", "id:unodc"),
        ("id:crimjust", "member", "id:bolivia"),
        ("id:crimjust", "partner", "id:interpol"),
        ("id:crimjust", "partner", "id:transparency-international"),
        ("id:el-paccto", "beneficiary", "id:latin-america"),
        ("id:el-paccto", "implementer", "id:expertise-france"),
        ("id:eu-act", "funder", "id:european-union"),
        ("id:ocwar-c", "funder", "id:european-union"),
        ("id:ocwar-m", "funder", "id:european-union"),
        ("id:ocwar-t", "funder", "id:european-union"),
        ("id:seacop", "funder", "id:european-union"),
    ]),
    # "under the framework of CRIMJUST" (doc-000, 001, 003) and its capacity component (doc-003).
    Case("programme-activities-crimjust", "programme-activities", {"programme": "CRIMJUST"},
         ("item", "type", "relation", "start"), [
             ("id:plan-2018-bolivia-crimjust-roadmap", "ActionPlan", "under programme", None),
             (WORKSHOP_PERU, "Workshop", "under programme", "2018-06-26"),
             ("id:ta-2018-11-bolivia-crimjust-workshops", "TechnicalAssistance", "under programme", "2018-11-05"),
             ("id:ws-2018-11-la-paz-regional-cooperation", "Workshop", "under programme", "2018-11-05"),
             ("id:ws-2019-07-david-asset-recovery", "Workshop", "under programme", "2019-07-24"),
         ]),
    # doc-002: everything "supported by" / "with the support of" EL PAcCTO.
    Case("programme-activities-el-paccto", "programme-activities", {"programme": "El PAcCTO program"},
         ("item", "type", "relation", "start"), [
             ("id:agr-clasi-action-plan-arms-trafficking", "ActionPlan", "supported by", None),
             ("id:agr-clasi-action-plan-drug-trafficking", "ActionPlan", "supported by", None),
             ("id:agr-clasi-action-plan-human-trafficking-migrant-smuggling", "ActionPlan", "supported by", None),
             ("id:clasi", "Network", "supported by", None),
             ("id:est-clasi", "Establishment", "supported by", None),
             ("id:est-smt-bolivia-environmental-crimes", "Establishment", "supported by", None),
             ("id:ideal-joint-threat-assessment", "Assessment", "supported by", None),
             ("id:smt-bolivia-environmental-crimes", "Team", "supported by", None),
             ("id:est-2021-smt-bolivia-human-trafficking", "Establishment", "supported by", "2021"),
             ("id:smt-bolivia-human-trafficking", "Team", "supported by", "2021"),
         ]),
    Case("persons-and-roles", "persons-and-roles", {}, ("person", "name", "title", "organization"), [
        ("id:cesar-siles", "César Siles", "Vice-Minister of Justice", "id:bo-ministry-of-justice"),
        ("id:jhonny-aguilera", "Jhonny Aguilera", "General Commander of the Bolivian Police", "id:bo-police"),
        ("id:juan-carlos-araneda", "Juan Carlos Araneda", None, "id:unodc-peru-ecuador"),
        ("id:pilar-sosa", "Pilar Sosa", "Director of DEVIDA’s Global Commitment Directorate", "id:devida"),
        ("id:stefaan-pauwels", "Stefaan Pauwels", "Head of Cooperation", "id:eu-delegation-peru"),
    ]),
    Case("persons-of-devida", "persons-and-roles", {"organization": "devida"}, ("person", "title"), [
        ("id:pilar-sosa", "Director of DEVIDA’s Global Commitment Directorate"),
    ]),
    Case("agreements-and-parties", "agreements-and-parties", {}, ("agreement", "type", "party"), [
        ("id:agr-bolivia-argentina-trafficking", "BilateralAgreement", "id:argentina"),
        ("id:agr-bolivia-argentina-trafficking", "BilateralAgreement", "id:bolivia"),
        ("id:agr-bolivia-domestic-strategy-trafficking", "Strategy", "id:bolivia"),
        ("id:agr-bolivia-international-strategy-trafficking", "Strategy", "id:bolivia"),
        ("id:agr-bolivia-paraguay-trafficking", "BilateralAgreement", "id:bolivia"),
        ("id:agr-bolivia-paraguay-trafficking", "BilateralAgreement", "id:paraguay"),
        ("id:agr-bolivia-peru-trafficking", "BilateralAgreement", "id:bolivia"),
        ("id:agr-bolivia-peru-trafficking", "BilateralAgreement", "id:peru"),
        ("id:agr-bolivia-plurinational-plan-trafficking-2021-2025", "NationalPlan", "id:bolivia"),
        ("id:agr-eu-latin-america-joint-declaration", "Declaration", "id:european-union"),
        ("id:agr-eu-latin-america-joint-declaration", "Declaration", "id:latin-america"),
    ]),
    Case("agreements-of-peru", "agreements-and-parties", {"actor": "peru"}, None, [
        ("id:agr-bolivia-peru-trafficking", "Bolivia-Peru bilateral agreement against human trafficking and smuggling",
         "BilateralAgreement", "id:bolivia", "Bolivia"),
        ("id:agr-bolivia-peru-trafficking", "Bolivia-Peru bilateral agreement against human trafficking and smuggling",
         "BilateralAgreement", "id:peru", "Peru"),
    ]),
    # Bolivia's dated items: statistics (2018, 2022), CRIMJUST membership and workshops (November 2018),
    # the SMT (mid-2021), the Plurinational Plan 2021-2025.
    Case("timeline-bolivia", "actor-timeline", {"actor": "Bolivia"}, ("date", "item", "role"), [
        ("2018", "id:stat-bolivia-trafficking-cases-2018", "refArea"),
        ("2018-11", "id:mem-bolivia-crimjust", "member"),
        ("2018-11", "id:ws-2018-11-bolivia-asset-forfeiture", "country"),
        ("2018-11", "id:ws-2018-11-bolivia-informants", "country"),
        ("2018-11-05", "id:ta-2018-11-bolivia-crimjust-workshops", "beneficiary"),
        ("2018-11-05", "id:ta-2018-11-bolivia-crimjust-workshops", "country"),
        ("2018-11-05", "id:ws-2018-11-la-paz-regional-cooperation", "country"),
        ("2021", "id:agr-bolivia-plurinational-plan-trafficking-2021-2025", "party"),
        ("2021", "id:est-2021-smt-bolivia-human-trafficking", "country"),
        ("2021", "id:smt-bolivia-human-trafficking", "country"),
        ("2022", "id:stat-bolivia-trafficking-cases-2022", "refArea"),
    ]),
    # "A total number of 26  prosecutors ..." (doc-000).
    Case("provenance-participant-count", "fact-provenance",
         {"subject": "ws-2018-11-la-paz-regional-cooperation", "predicate": "ckg:participantCount"}, None, [
             ("ckg:participantCount", 26, "doc:doc-000", TITLE["doc-000"], S000_26,
              *span("doc-000", S000_26), "curated", D(1)),
         ]),
    # CRIMJUST's threats: doc-000 (last paragraph) and doc-003 ("This workshop is part of larger effort...").
    Case("provenance-crimjust-threats", "fact-provenance",
         {"subject": "CRIMJUST", "predicate": "<https://w3id.org/crimekg/ontology#targetsThreat>"},
         ("object", "document", "sentence", "start", "end", "method", "confidence"), [
             ("threat:cocaine-trafficking", "doc:doc-000", S000_CRIMJUST, *span("doc-000", S000_CRIMJUST), "curated",
              D(1)),
             ("threat:drug-trafficking", "doc:doc-000", S000_CRIMJUST, *span("doc-000", S000_CRIMJUST), "curated",
              D(1)),
             ("threat:drug-trafficking", "doc:doc-003", S003_EFFORT, *span("doc-003", S003_EFFORT), "curated", D(1)),
             ("threat:organized-crime", "doc:doc-000", S000_CRIMJUST, *span("doc-000", S000_CRIMJUST), "curated",
              D(1)),
             ("threat:organized-crime", "doc:doc-003", S003_EFFORT, *span("doc-003", S003_EFFORT), "curated", D(1)),
         ]),
    # doc-003's topics of the David workshop, each with its sentence.
    Case("doc-003-topics", "document-statements", {"document": "doc-003", "predicate": "ckg:topic"},
         ("subject", "object", "sentence"), [
             ("id:ws-2019-07-david-asset-recovery", "asset recovery", S003_HELD),
             ("id:ws-2019-07-david-asset-recovery", "depriving organized crime groups of their illicit proceeds",
              S003_HELD),
             ("id:ws-2019-07-david-asset-recovery", "economic assessment of the consequences of drug trafficking",
              S003_EXPERTS),
             ("id:ws-2019-07-david-asset-recovery",
              "international legal framework structuring actions for asset recovery", S003_EXPERTS),
             ("id:ws-2019-07-david-asset-recovery",
              "investigating financial crime in cases of drug trafficking, organized crime and corruption",
              S003_TRAINING),
             ("id:ws-2019-07-david-asset-recovery", "legal avenues for achieving asset recovery", S003_TRAINING),
             ("id:ws-2019-07-david-asset-recovery", "legal pathways to facilitate asset recovery", S003_NINETEEN),
         ]),
    # Facts per document counted by hand from the annotation files (entity type + label (+ aliases/acronyms)
    # plus every triple of every quote): 103 + 65 + 127 + 35 + 91 = 421, the build's own total; sentences
    # counted in the texts (doc-002: 24 sentences plus the two-line "With Genera JHONNY AGUILERA, / General
    # Commander..." span next to its first line alone).
    Case("documents", "documents", {}, None, [
        ("doc:doc-000", "doc-000", TITLE["doc-000"], "id:unodc", "2018-11", "press release", 103, 15),
        ("doc:doc-001", "doc-001", TITLE["doc-001"], "id:unodc", None, "press release", 65, 10),
        ("doc:doc-002", "doc-002", TITLE["doc-002"], "id:expertise-france", "2022-05", "interview", 127, 25),
        ("doc:doc-003", "doc-003", TITLE["doc-003"], "id:unodc", "2019-07", "press release", 35, 10),
        ("doc:doc-004", "doc-004", TITLE["doc-004"], None, None, "news article", 91, 10),
    ]),
    # Activities per threat: drug trafficking (La Paz, Peru, David workshops; IDEAL assessment), organized
    # crime (informants, Peru, David; IDEAL), human trafficking (IDEAL; the Vice-Minister's assessment) ...
    Case("threats-by-activity-count", "threats-by-activity-count", {}, None, [
        ("threat:drug-trafficking", "drug trafficking", 4),
        ("threat:organized-crime", "organized crime", 4),
        ("threat:human-trafficking", "human trafficking", 2),
        ("threat:money-laundering", "money laundering", 2),
        ("threat:arms-trafficking", "arms trafficking", 1),
        ("threat:corruption", "corruption", 1),
        ("threat:cybercrime", "cybercrime", 1),
        ("threat:environmental-crime", "environmental crime", 1),
        ("threat:financial-crime", "financial crime", 1),
        ("threat:migrant-smuggling", "migrant smuggling", 1),
        ("threat:smuggling-of-goods", "smuggling of goods", 1),
    ]),
    # "Having joined the CRIMJUST Programme in November 2018, Bolivia"; the Jaguar Network "includes the
    # European Union and Latin America as members" (no date).
    Case("memberships", "memberships", {}, ("member", "organization", "start"), [
        ("id:bolivia", "id:crimjust", "2018-11"),
        ("id:european-union", "id:jaguar-network", None),
        ("id:latin-america", "id:jaguar-network", None),
    ]),
    Case("memberships-jaguar", "memberships", {"organization": "Red Jaguar"}, ("member", "memberLabel"), [
        ("id:european-union", "European Union"),
        ("id:latin-america", "Latin America"),
    ]),
    # doc-004: "cases ... have increased from 463 to 551 between 2018 and 2022" (a UNODC report).
    Case("statistics", "statistics", {"area": "Bolivia"}, None, [
        ("id:stat-bolivia-trafficking-cases-2018", "cases of human trafficking and smuggling", D(463), "2018",
         "id:bolivia", "id:unodc", "doc:doc-004"),
        ("id:stat-bolivia-trafficking-cases-2022", "cases of human trafficking and smuggling", D(551), "2022",
         "id:bolivia", "id:unodc", "doc:doc-004"),
    ]),
    # Gazetteer + doc-002 ("Its focal point in the Bolivian police is the Special Force for the Fight Against
    # Crime").
    Case("units-of-bolivian-police", "sub-organizations", {"organization": "Policía Boliviana"},
         ("unit", "parent"), [
             ("id:bo-felcc", "id:bo-police"),
             ("id:bo-felcn", "id:bo-police"),
         ]),
    Case("institutions-of-peru", "country-institutions", {"country": "PER"}, ("organization", "type"), [
        ("id:devida", "GovernmentAgency"),
        ("id:eu-delegation-peru", "InternationalOrganization"),
        ("id:unodc-peru-ecuador", "InternationalOrganization"),
    ]),
    # doc-000: "UNODC and its partners (INTERPOL and TI)" -> CRIMJUST partner INTERPOL, UNODC partner INTERPOL.
    Case("documents-about-interpol", "entity-documents", {"entity": "Interpol"}, None, [
        ("doc:doc-000", "doc-000", TITLE["doc-000"], 2),
    ]),
    # EU: funds CRIMJUST (doc-000); declaration party, cooperates with Latin America, Jaguar membership record
    # and memberOf (doc-002); funds the David workshop (doc-003).
    Case("documents-about-eu", "entity-documents", {"entity": "Unión Europea"}, ("id", "facts"), [
        ("doc-000", 1),
        ("doc-002", 4),
        ("doc-003", 1),
    ]),
    Case("kinds-of-human-trafficking", "threat-narrower", {"threat": "human-trafficking"}, None, [
        ("threat:labour-exploitation", "labour exploitation", "explotación laboral", "threat:human-trafficking"),
        ("threat:organ-trafficking", "organ trafficking", "tráfico de órganos", "threat:human-trafficking"),
        ("threat:sexual-exploitation", "sexual exploitation", "explotación sexual", "threat:human-trafficking"),
        ("threat:slavery", "slavery", "esclavitud", "threat:human-trafficking"),
    ]),
    Case("describe-statistic", "describe-entity", {"entity": "stat-bolivia-trafficking-cases-2018"}, None, {
        ("id:stat-bolivia-trafficking-cases-2018", "rdf:type", "ckg:Statistic"),
        ("id:stat-bolivia-trafficking-cases-2018", "rdfs:label",
         "Cases of human trafficking and smuggling in Bolivia, 2018"),
        ("id:stat-bolivia-trafficking-cases-2018", "ckg:measure", "cases of human trafficking and smuggling"),
        ("id:stat-bolivia-trafficking-cases-2018", "ckg:value", D(463)),
        ("id:stat-bolivia-trafficking-cases-2018", "ckg:refYear", "2018"),
        ("id:stat-bolivia-trafficking-cases-2018", "ckg:refArea", "id:bolivia"),
        ("id:stat-bolivia-trafficking-cases-2018", "ckg:reportedBy", "id:unodc"),
        ("id:stat-bolivia-trafficking-cases-2018", "ckg:targetsThreat", "threat:human-trafficking"),
        ("id:stat-bolivia-trafficking-cases-2018", "ckg:targetsThreat", "threat:migrant-smuggling"),
    }),
    Case("agreement-bolivia-peru", "agreement-between", {"actor": "Bolivia", "other": "Peru"}, None, True),
    Case("agreement-peru-paraguay", "agreement-between", {"actor": "Peru", "other": "Paraguay"}, None, False),
    # doc-001 marks the speakers' participation with confidence 0.8; doc-002 EL PAcCTO's start "Since 2017" 0.9.
    Case("low-confidence-facts", "low-confidence-facts", {}, ("confidence", "subject", "predicate", "object",
                                                              "document", "sentence"), [
        (D("0.8"), WORKSHOP_PERU, "ckg:participant", "id:eu-delegation-peru", "doc:doc-001", S001_PAUWELS),
        (D("0.8"), WORKSHOP_PERU, "ckg:participant", "id:juan-carlos-araneda", "doc:doc-001", S001_ARANEDA),
        (D("0.8"), WORKSHOP_PERU, "ckg:participant", "id:stefaan-pauwels", "doc:doc-001", S001_PAUWELS),
        (D("0.8"), WORKSHOP_PERU, "ckg:participant", "id:unodc-peru-ecuador", "doc:doc-001", S001_ARANEDA),
        (D("0.9"), "id:el-paccto", "ckg:startDate", "2017", "doc:doc-002", S002_SINCE),
    ]),
    Case("low-confidence-facts-below-0.85", "low-confidence-facts", {"below": "0.85"}, ("object",), [
        ("id:eu-delegation-peru",), ("id:juan-carlos-araneda",), ("id:stefaan-pauwels",), ("id:unodc-peru-ecuador",),
    ]),
    # doc-000: "organized by ... UNODC headquarters and UNODC Country Office in Bolivia"; "facilitated by
    # anti-drug police representatives from Colombia and the Bolivian Special Forces ...".
    Case("roles-informants-workshop", "activity-roles",
         {"activity": "Workshop on payment and management of informants"},
         ("role", "actor"), [
             ("facilitator", "id:bo-felcn"),
             ("facilitator", "id:co-anti-drug-police"),
             ("organizer", "id:unodc-bolivia"),
             ("organizer", "id:unodc-headquarters"),
         ]),
    Case("activities-june-december-2018", "activities-in-period", {"from": "2018-06-01", "to": "2018-12-31"},
         ("activity", "start"), [
             (WORKSHOP_PERU, "2018-06-26"),
             ("id:ws-2018-11-bolivia-asset-forfeiture", "2018-11"),
             ("id:ws-2018-11-bolivia-informants", "2018-11"),
             ("id:ta-2018-11-bolivia-crimjust-workshops", "2018-11-05"),
             ("id:ws-2018-11-la-paz-regional-cooperation", "2018-11-05"),
         ]),
    Case("search-jaguar", "search-entities", {"text": "JAGUAR"}, None, [
        ("id:jaguar-network", "Jaguar Network", "Network"),
        ("id:mem-european-union-jaguar-network", "European Union in the Jaguar Network", "Membership"),
        ("id:mem-latin-america-jaguar-network", "Latin America in the Jaguar Network", "Membership"),
    ]),
]


def test_every_saved_query_has_a_case() -> None:
    assert len(library()) >= 20
    assert set(library()) == {case.query for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_saved_query_exact_rows(seed_store: KGStore, case: Case) -> None:
    assert run_case(seed_store, case) == case.rows
