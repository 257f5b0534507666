"""The graph answers, by SPARQL, the questions a reader of the five documents can ask.

Expected answers were read off the documents by hand (see the quoted
sentences in each docstring), not produced by running the queries.
"""

from __future__ import annotations

from crimekg.graph.store import KGStore


def rows(store: KGStore, query: str, **bindings) -> list[tuple]:
    return [tuple(None if v is None else str(v) for v in row) for row in store.query(query, bindings or None)]


def keys(values: list[str]) -> list[str]:
    return sorted(v.rsplit("/", 1)[-1] for v in values)


def test_workshops_in_bolivia_in_november_2018_and_their_participants(seed_store: KGStore) -> None:
    """doc-000: "A total number of 26 ...", "provided 28 participants", "A total number of 22 participants"."""
    result = rows(seed_store, """
        SELECT ?w ?n WHERE {
          ?w a ckg:Workshop ; ckg:country id:bolivia ; ckg:startDate ?d ; ckg:participantCount ?n .
          FILTER(STRSTARTS(STR(?d), "2018-11")) } ORDER BY ?n""")
    assert [(w.rsplit("/", 1)[-1], int(n)) for w, n in result] == [
        ("ws-2018-11-bolivia-informants", 22),
        ("ws-2018-11-la-paz-regional-cooperation", 26),
        ("ws-2018-11-bolivia-asset-forfeiture", 28),
    ]


def test_when_and_where_was_the_regional_cooperation_workshop(seed_store: KGStore) -> None:
    """doc-000: "from 5-7 November 2018 in La Paz"."""
    result = rows(seed_store, """
        SELECT ?start ?end ?place WHERE {
          id:ws-2018-11-la-paz-regional-cooperation ckg:startDate ?start ; ckg:endDate ?end ;
            ckg:location/rdfs:label ?place . FILTER(LANG(?place) = "en") }""")
    assert result == [("2018-11-05", "2018-11-07", "La Paz")]


def test_bolivian_co_organisers_of_the_la_paz_workshop(seed_store: KGStore) -> None:
    """doc-000: "jointly organized by CRIMJUST and the Ministry of Government, the Ministry of Defence,
    the National Council for the Fight against Drug Trafficking and the Special Forces ..."."""
    result = rows(seed_store, """
        SELECT ?o WHERE { id:ws-2018-11-la-paz-regional-cooperation ckg:organizer ?o .
                          ?o a ckg:GovernmentAgency ; ckg:country id:bolivia }""")
    assert keys([r[0] for r in result]) == ["bo-conaltid", "bo-felcn", "bo-ministry-of-defence",
                                            "bo-ministry-of-government"]


def test_who_facilitated_the_informants_workshop(seed_store: KGStore) -> None:
    """doc-000: "facilitated by anti-drug police representatives from Colombia and the Bolivian Special Forces"."""
    result = rows(seed_store, "SELECT ?f WHERE { id:ws-2018-11-bolivia-informants ckg:facilitator ?f }")
    assert keys([r[0] for r in result]) == ["bo-felcn", "co-anti-drug-police"]


def test_countries_whose_officers_attended_the_peru_workshop(seed_store: KGStore) -> None:
    """doc-001: "officers from Argentina, Brazil, Colombia, Ecuador, the Dominican Republic, Panama and Peru"."""
    result = rows(seed_store, """
        SELECT ?iso WHERE { ?w ckg:startDate ?d ; ckg:participatingCountry ?c . ?c ckg:isoAlpha2 ?iso .
                            FILTER(STR(?d) = "2018-06-26") } ORDER BY ?iso""")
    assert [r[0] for r in result] == ["AR", "BR", "CO", "DO", "EC", "PA", "PE"]


def test_peru_workshop_partners_and_dates(seed_store: KGStore) -> None:
    """doc-001: "in collaboration with ... (DEVIDA PERU) and the Iberoamerican Network of Anti-Drug Prosecutors
    (RFAI), on 26-28 June 2018"."""
    result = rows(seed_store, """
        SELECT ?acr ?start ?end WHERE { ?w ckg:collaborator ?c ; ckg:startDate ?start ; ckg:endDate ?end .
                                        ?c ckg:acronym ?acr . FILTER(?acr IN ("DEVIDA", "RFAI")) } ORDER BY ?acr""")
    assert result == [("DEVIDA", "2018-06-26", "2018-06-28"), ("RFAI", "2018-06-26", "2018-06-28")]


def test_persons_and_their_roles(seed_store: KGStore) -> None:
    """doc-001, doc-002, doc-004: titles of the people quoted."""
    result = rows(seed_store, """
        SELECT ?name ?title WHERE { ?p ckg:holder ?person ; ckg:roleTitle ?title . ?person rdfs:label ?name }
        ORDER BY ?name""")
    assert result == [
        ("César Siles", "Vice-Minister of Justice"),
        ("Jhonny Aguilera", "General Commander of the Bolivian Police"),
        ("Pilar Sosa", "Director of DEVIDA’s Global Commitment Directorate"),
        ("Stefaan Pauwels", "Head of Cooperation"),
    ]


def test_panama_workshop_participants_by_gender(seed_store: KGStore) -> None:
    """doc-003: "Some nineteen (19) participants, including six (6) women and thirteen (13) men"."""
    result = rows(seed_store, """
        SELECT ?n ?f ?m ?start ?end ?city WHERE {
          ?w ckg:location/rdfs:label ?city ; ckg:participantCount ?n ; ckg:femaleParticipantCount ?f ;
             ckg:maleParticipantCount ?m ; ckg:startDate ?start ; ckg:endDate ?end . FILTER(LANG(?city) = "en") }""")
    assert result == [("19", "6", "13", "2019-07-24", "2019-07-25", "David")]


def test_panama_workshop_organiser_and_funding(seed_store: KGStore) -> None:
    """doc-003: "(UNODC ROPAN) ... held a two-day workshop", "funded by the European Union under the framework
    of the "Cocaine Route Programme"."""
    result = rows(seed_store, """
        SELECT ?org ?funder ?through WHERE { id:ws-2019-07-david-asset-recovery ckg:organizer ?org ;
          ckg:funder ?funder ; ckg:fundedThrough ?through }""")
    assert [tuple(v.rsplit("/", 1)[-1] for v in r) for r in result] == [
        ("unodc-ropan", "european-union", "cocaine-route-programme")]


def test_who_funds_implements_and_partners_crimjust(seed_store: KGStore) -> None:
    """doc-000: "the CRIMJUST project funded by European Union Cocaine Route Programme, UNODC and its partners
    (INTERPOL and TI)"."""
    result = rows(seed_store, """
        SELECT ?role ?who WHERE { VALUES ?role { ckg:funder ckg:implementer ckg:partner } id:crimjust ?role ?who }""")
    found = sorted((r.rsplit("#", 1)[-1], w.rsplit("/", 1)[-1]) for r, w in result)
    assert found == [("funder", "european-union"), ("implementer", "unodc"), ("partner", "interpol"),
                     ("partner", "transparency-international")]


def test_threats_identified_by_the_ideal_assessment(seed_store: KGStore) -> None:
    """doc-002: "seven major threats: drug trafficking, human trafficking and migrant smuggling, cybercrime,
    smuggling of goods, environmental crimes, illicit arms trafficking, and money laundering"."""
    result = rows(seed_store, """
        SELECT ?label WHERE { ?a ckg:uses id:ideal ; ckg:targetsThreat ?t . ?t skos:prefLabel ?label .
                              FILTER(LANG(?label) = "en" && ?t != threat:organized-crime) } ORDER BY ?label""")
    assert [r[0] for r in result] == ["arms trafficking", "cybercrime", "drug trafficking", "environmental crime",
                                      "human trafficking", "migrant smuggling", "money laundering",
                                      "smuggling of goods"]


def test_spanish_labels_answer_too(seed_store: KGStore) -> None:
    result = rows(seed_store, """SELECT ?es WHERE { threat:human-trafficking skos:prefLabel ?es .
                                 FILTER(LANG(?es) = "es") }""")
    assert result == [("trata de personas",)]


def test_bolivias_bilateral_agreements_against_trafficking(seed_store: KGStore) -> None:
    """doc-004: "bilateral agreements with countries including Paraguay, Peru, and Argentina"."""
    result = rows(seed_store, """
        SELECT ?other WHERE { ?a a ckg:BilateralAgreement ; ckg:party id:bolivia, ?other ;
                              ckg:targetsThreat threat:human-trafficking . FILTER(?other != id:bolivia) }""")
    assert keys([r[0] for r in result]) == ["argentina", "paraguay", "peru"]


def test_trafficking_statistics_reported_by_unodc(seed_store: KGStore) -> None:
    """doc-004: "cases of human trafficking and smuggling in Bolivia have increased from 463 to 551 between
    2018 and 2022"."""
    result = rows(seed_store, """
        SELECT ?year ?value WHERE { ?s a ckg:Statistic ; ckg:refYear ?year ; ckg:value ?value ;
                                    ckg:refArea id:bolivia ; ckg:reportedBy id:unodc } ORDER BY ?year""")
    assert [(y, int(float(v))) for y, v in result] == [("2018", 463), ("2022", 551)]


def test_plurinational_plan_period_and_approval(seed_store: KGStore) -> None:
    """doc-004: "In 2022 ... approved the Plurinational Plan to Combat Human Trafficking and Human Smuggling
    2021-2025"."""
    result = rows(seed_store, """
        SELECT ?start ?end ?approved WHERE { ?p a ckg:NationalPlan ; ckg:startDate ?start ; ckg:endDate ?end ;
                                             ckg:date ?approved }""")
    assert result == [("2021", "2025", "2022")]


def test_who_leads_the_plurinational_council(seed_store: KGStore) -> None:
    """doc-004: "the Plurinational Council against Human Trafficking, led by the Ministry of Justice"."""
    result = rows(seed_store, "SELECT ?x WHERE { id:bo-plurinational-council-trafficking ckg:responsible ?x }")
    assert keys([r[0] for r in result]) == ["bo-ministry-of-justice"]


def test_human_trafficking_team_cities(seed_store: KGStore) -> None:
    """doc-002: "subsidiaries in La Paz, El Alto, Cochabamba, and Santa Cruz de la Sierra"."""
    result = rows(seed_store, """
        SELECT ?city WHERE { ?t a ckg:Team ; ckg:targetsThreat threat:human-trafficking ; ckg:location ?city }""")
    assert keys([r[0] for r in result]) == ["cochabamba", "el-alto", "la-paz", "santa-cruz-de-la-sierra"]


def test_bolivia_joined_crimjust_in_november_2018(seed_store: KGStore) -> None:
    """doc-000: "Having joined the CRIMJUST Programme in November 2018"."""
    result = rows(seed_store, """
        SELECT ?d WHERE { ?m a ckg:Membership ; ckg:member id:bolivia ; ckg:organization id:crimjust ;
                          ckg:startDate ?d }""")
    assert result == [("2018-11",)]


def test_jaguar_network_members(seed_store: KGStore) -> None:
    """doc-002: "the Jaguar Network ... includes the European Union and Latin America as members"."""
    result = rows(seed_store, "SELECT ?m WHERE { ?m ckg:memberOf id:jaguar-network }")
    assert keys([r[0] for r in result]) == ["european-union", "latin-america"]


def test_clasi_created_with_el_paccto_support(seed_store: KGStore) -> None:
    """doc-002: "CLASI was created with EL PAcCTO's support"."""
    assert seed_store.query(
        "ASK { ?e a ckg:Establishment ; ckg:produced id:clasi ; ckg:supporter id:el-paccto }").askAnswer
    assert not seed_store.query(
        "ASK { ?e a ckg:Establishment ; ckg:produced id:clasi ; ckg:supporter id:crimjust }").askAnswer


def test_says_who_sources_of_bolivia_cooperation_claims(seed_store: KGStore) -> None:
    """Who partners with Bolivia, and which document says so (cooperatesWith facts)."""
    result = rows(seed_store, """
        SELECT DISTINCT ?other ?docid WHERE {
          { id:bolivia ckg:cooperatesWith ?other } UNION { ?other ckg:cooperatesWith id:bolivia }
          ?a rdf:subject ?s ; rdf:predicate ckg:cooperatesWith ; rdf:object ?o ; ckg:document ?doc .
          ?doc dcterms:identifier ?docid .
          FILTER((?s = id:bolivia && ?o = ?other) || (?o = id:bolivia && ?s = ?other)) } ORDER BY ?other""")
    assert [(o.rsplit("/", 1)[-1], d) for o, d in result] == [
        ("argentina", "doc-004"), ("brazil", "doc-004"), ("panama", "doc-004"), ("paraguay", "doc-004"),
        ("peru", "doc-004"), ("spain", "doc-004"), ("unodc", "doc-000"), ("venezuela", "doc-004")]


def test_documents_metadata(seed_store: KGStore) -> None:
    result = rows(seed_store, """
        SELECT ?id ?lang ?pub WHERE { ?d a ckg:Document ; dcterms:identifier ?id ; dcterms:language ?lang .
                                      OPTIONAL { ?d dcterms:publisher ?pub } } ORDER BY ?id""")
    assert [(i, lang, p and p.rsplit("/", 1)[-1]) for i, lang, p in result] == [
        ("doc-000", "en", "unodc"), ("doc-001", "en", "unodc"), ("doc-002", "en", "expertise-france"),
        ("doc-003", "en", "unodc"), ("doc-004", "en", None)]


def test_countries_link_to_iso_and_wikidata(seed_store: KGStore) -> None:
    result = rows(seed_store, "SELECT ?iso3 ?wd WHERE { id:bolivia ckg:isoAlpha3 ?iso3 ; owl:sameAs ?wd }")
    assert result == [("BOL", "http://www.wikidata.org/entity/Q750")]
