"""crimekg ingest: general constructions of the rule extractor, on short texts written for these tests.

Each test names one construction (origin lists, demonym lists, titles with modifiers, hyphenated names,
a programme's countries, fronted cue phrases, quoted programme names ...) and checks the triples it gives,
and, where a construction has a look-alike that must not fire, that the look-alike gives nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from crimekg.graph.gazetteer import load_gazetteer
from crimekg.graph.ingest.evaluate import score_document
from crimekg.graph.ingest.extract import Extractor
from crimekg.graph.ingest.textio import SourceDoc
from crimekg.graph.ontology import load_schema


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_gazetteer())


def extract(extractor: Extractor, text: str, language: str = "en") -> dict:
    return extractor.extract(SourceDoc(f"t-{language}", Path("t.txt"), "t", text, language)).content


def triples(extractor: Extractor, text: str, language: str = "en") -> set[tuple]:
    content = extract(extractor, text, language)
    return {tuple(t) for item in content["facts"] for t in item["triples"]}


def activity_of(found: set[tuple]) -> str:
    return next(s for s, p, _o in found if p in ("organizer", "startDate", "participantCount"))


def test_participant_noun_from_countries_take_part(extractor: Extractor) -> None:
    text = ("UNODC delivers course\n\n"
            "On 3 May 2021, UNODC delivered a course on port control to customs officers of Peru and Ecuador.")
    found = triples(extractor, text)
    activity = activity_of(found)
    assert {(activity, "participatingCountry", "peru"), (activity, "participatingCountry", "ecuador")} <= found


def test_spanish_participant_nouns_with_adjective_then_country_list(extractor: Extractor) -> None:
    text = ("Taller en Lima\n\n"
            "El 4 de junio de 2021 la UNODC celebró un taller en Lima. Fiscales y policías especializados de "
            "Argentina, Bolivia y Chile analizaron los casos.")
    found = triples(extractor, text, "es")
    activity = activity_of(found)
    assert {(activity, "participatingCountry", c) for c in ("argentina", "bolivia", "chile")} <= found


def test_countries_after_a_role_cue_are_not_participants(extractor: Extractor) -> None:
    text = ("Workshop in Lima\n\n"
            "On 3 May 2021 UNODC held a workshop in Lima, facilitated by senior police officers of Colombia.")
    found = triples(extractor, text)
    assert not any(p == "participatingCountry" and o == "colombia" for _s, p, o in found)


def test_demonym_list_after_participants_from(extractor: Extractor) -> None:
    text = ("Workshop in Accra\n\n"
            "On 3 May 2021 UNODC held a workshop in Accra. Thirty participants from Ghanaian, Nigerian and "
            "Senegalese agencies took part.")
    found = triples(extractor, text)
    activity = activity_of(found)
    assert {(activity, "participatingCountry", c) for c in ("ghana", "nigeria", "senegal")} <= found


def test_title_with_modifiers_after_name(extractor: Extractor) -> None:
    text = ("Meeting in Vienna\n\n"
            "Ana Ruiz, Senior Legal Officer at INTERPOL, opened the meeting on 3 May 2021 in Vienna.")
    found = triples(extractor, text)
    position = next(s for s, p, o in found if p == "holder" and o == "ana-ruiz")
    assert (position, "organization", "interpol") in found
    assert ("ana-ruiz", "affiliatedWith", "interpol") in found


def test_acronym_title_after_name(extractor: Extractor) -> None:
    text = ("Meeting in Vienna\n\n"
            "The meeting was opened on 3 May 2021 by Mr. Luis Mora, CRIMJUST Global Coordinator.")
    found = triples(extractor, text)
    position = next(s for s, p, o in found if p == "holder" and o == "luis-mora")
    assert (position, "organization", "crimjust") in found


def test_hyphenated_surname_is_one_person(extractor: Extractor) -> None:
    text = ("Agreement signed\n\n"
            "The agreement was signed on 3 May 2021 by Kofi Adu-Mensah, Director of INTERPOL.")
    content = extract(extractor, text)
    labels = {r["label"]["en"] for r in content["entities"].values() if r["type"] == "Person"}
    assert "Kofi Adu-Mensah" in labels


def test_programme_operational_in_countries(extractor: Extractor) -> None:
    text = ("Port control\n\n"
            "The CRIMJUST programme is currently operational in Peru, Ecuador and Panama.")
    found = triples(extractor, text)
    assert {("crimjust", "beneficiary", c) for c in ("peru", "ecuador", "panama")} <= found


def test_fronted_cue_stops_at_the_subject(extractor: Extractor) -> None:
    text = ("Course delivered\n\n"
            "In cooperation with INTERPOL, the United Nations Office on Drugs and Crime (UNODC) delivered a course "
            "in Lima on 3 May 2021.")
    found = triples(extractor, text)
    activity = activity_of(found)
    assert (activity, "collaborator", "interpol") in found
    assert (activity, "organizer", "unodc") in found
    assert (activity, "collaborator", "unodc") not in found


def test_participle_met_opens_no_meeting(extractor: Extractor) -> None:
    text = ("Training in Lima\n\n"
            "On 3 May 2021 UNODC held a training in Lima. The sessions covered the obstacles met in investigations.")
    content = extract(extractor, text)
    assert [r["type"] for r in content["entities"].values() if r["type"] == "Meeting"] == []


def test_quoted_programme_name_after_project(extractor: Extractor) -> None:
    text = ("Workshop in Lagos\n\n"
            'On 3 May 2021, UNODC and the project "Response to Drugs in Nigeria" delivered a workshop in Lagos.')
    content = extract(extractor, text)
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    programmes = {k for k, r in content["entities"].items() if r["type"] == "Programme"}
    activity = activity_of(found)
    assert any((activity, "underProgramme", p) in found for p in programmes)
    assert (activity, "organizer", "nigeria") not in found


def test_accented_body_word_is_not_a_title(extractor: Extractor) -> None:
    text = ("Operativo en la frontera\n\n"
            "El operativo, llevado a cabo por la Secretaría Nacional Antidrogas (Senad) y la INTERPOL, concluyó "
            "el 3 de mayo de 2021.")
    content = extract(extractor, text, "es")
    assert not [r for r in content["entities"].values() if r["type"] == "Person"]
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    organizers = {o for _s, p, o in found if p == "organizer"}
    assert "interpol" in organizers and len(organizers) == 2


def test_threat_aliases_of_the_genre(extractor: Extractor) -> None:
    text = ("Training in Lima\n\n"
            "On 3 May 2021 UNODC held a training in Lima against terrorist financing and trafficked weapons.")
    found = triples(extractor, text)
    threats = {o for _s, p, o in found if p == "targetsThreat"}
    assert {"threat:terrorism", "threat:arms-trafficking"} <= threats


def test_eval_alignment_prefers_names_over_far_spans() -> None:
    """A shared name (score 2) beats any span overlap (score just above 1)."""
    gazetteer, schema = load_gazetteer(), load_schema()
    text = "A workshop on asset recovery. Another workshop on cybercrime."
    gold = {"document": "d", "entities": {
        "ws-a": {"type": "Workshop", "label": {"en": "Workshop on asset recovery"}, "quote": "A workshop"},
        "ws-b": {"type": "Workshop", "label": {"en": "Workshop on cybercrime"}, "quote": "Another workshop"}},
        "facts": [{"quote": "x", "triples": [["ws-a", "organizer", "unodc"], ["ws-b", "organizer", "interpol"]]}]}
    pred = {"document": "d", "entities": {
        "p1": {"type": "Workshop", "label": {"en": "Workshop on cybercrime"}, "quote": "workshop on asset recovery"}},
        "facts": [{"quote": "x", "triples": [["p1", "organizer", "interpol"]]}]}
    score = score_document(gold, pred, text, gazetteer, schema)
    assert score.counts["relations"][0] == 1


def test_numbered_agreements_named_by_ordinals(extractor: Extractor) -> None:
    text = ("Agreements signed\n\n"
            "Accra, 9 February 2007 - Ghana on Thursday signed two agreements with INTERPOL to fight drug "
            "trafficking. The first agreement covers port control. The second agreement supports the fight against "
            "money laundering.")
    content = extract(extractor, text)
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    agreements = {s for s, p, o in found if p == "party" and o == "ghana"}
    assert len(agreements) == 2
    assert all((a, "party", "interpol") in found for a in agreements)


def test_participle_after_programme_names_its_funder(extractor: Extractor) -> None:
    text = ("Meeting in Brussels\n\n"
            "On 19 February 2020, INTERPOL organised, through the CRIMJUST programme, funded by the European "
            "Union, a meeting in Brussels.")
    found = triples(extractor, text)
    assert ("crimjust", "funder", "european-union") in found
    assert not any(p == "funder" and s != "crimjust" for s, p, _o in found)


def test_signers_bodies_are_the_parties(extractor: Extractor) -> None:
    text = ("Agreement signed\n\n"
            "The Director of INTERPOL, Ana Ruiz, and the Director of Europol, Luis Mora, signed a memorandum of "
            "understanding on 3 May 2021.")
    found = triples(extractor, text)
    agreement = next(s for s, p, _o in found if p == "party")
    assert {(agreement, "party", "interpol"), (agreement, "party", "europol")} <= found


def test_summary_bullets_belong_to_the_headline(extractor: Extractor) -> None:
    text = ("Network dismantled\n\n"
            "- In the operation a yacht was boarded\n"
            "- Six members were arrested\n\n"
            "Officers of INTERPOL, in a joint operation with Europol, dismantled the network in Lisbon on 3 May 2021.")
    content = extract(extractor, text)
    operation = next(k for k, r in content["entities"].items() if r["type"] == "Operation")
    assert content["entities"][operation].get("occurrence") == 2  # the body's "operation", not the bullet's
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    assert (operation, "organizer", "europol") in found
    assert not any(s == operation and p == "participantCount" for s, p, _o in found)


def test_ordinal_phase_is_a_part_of_the_activity(extractor: Extractor) -> None:
    text = ("Training of trainers\n\n"
            "In May 2022, the CRIMJUST programme started a training of trainers on money laundering. The first phase, "
            "for investigators, was held in Dakar from 9 to 20 May 2022. It was delivered by two experts: Ana Ruiz, "
            "a former investigator, and Luis Mora, an analyst. It brought together 23 representatives.")
    content = extract(extractor, text)
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    phase = next(s for s, p, _o in found if p == "partOf")
    for p, o in [("startDate", "2022-05-09"), ("endDate", "2022-05-20"), ("location", "dakar"),
                 ("participantCount", 23), ("underProgramme", "crimjust"), ("facilitator", "ana-ruiz"),
                 ("facilitator", "luis-mora")]:
        assert (phase, p, o) in found, (p, o)


def test_took_place_date_replaces_a_date_of_another_event(extractor: Extractor) -> None:
    text = ("Seminar in Accra\n\n"
            "After signing an agreement on 15 May 2024, INTERPOL held a regional seminar in Accra. "
            "The seminar took place on 16-17 May 2024.")
    found = triples(extractor, text)
    seminar = next(s for s, p, o in found if p == "organizer" and o == "interpol")
    assert (seminar, "startDate", "2024-05-16") in found and (seminar, "endDate", "2024-05-17") in found
    assert (seminar, "startDate", "2024-05-15") not in found


def test_known_body_named_after_a_threat_targets_it(extractor: Extractor) -> None:
    text = ("Plan approved\n\n"
            "The Plurinational Council against Human Trafficking met in La Paz on 3 May 2021.")
    found = triples(extractor, text)
    assert ("bo-plurinational-council-trafficking", "targetsThreat", "threat:human-trafficking") in found


def test_extraction_is_deterministic(extractor: Extractor) -> None:
    text = ("Agreements signed\n\n"
            "Accra, 9 February 2007 - Ghana signed two agreements with INTERPOL. The first agreement covers ports. "
            "Officers of Peru and Ecuador, and participants from Ghanaian and Nigerian agencies took part.")
    assert extract(extractor, text) == extract(extractor, text)


def test_series_of_activities_by_place_and_date(extractor: Extractor) -> None:
    text = ("UNODC delivers port control training in Peru and Ecuador\n\n"
            "Lima, 6 March 2020 - With funding from Japan, UNODC delivered two courses to officers of Peru and "
            "Ecuador. In Peru, 15 officers were trained in Lima from 16 to 19 February. In Ecuador, the course ran "
            "from 24 to 26 February and was attended by 10 officers.")
    found = triples(extractor, text)
    lima = next(s for s, p, o in found if p == "startDate" and o == "2020-02-16")
    quito = next(s for s, p, o in found if p == "startDate" and o == "2020-02-24")
    assert lima != quito
    for activity in (lima, quito):
        assert (activity, "organizer", "unodc") in found and (activity, "funder", "japan") in found
    assert (quito, "participantCount", 10) in found and (lima, "participantCount", 15) in found


def test_its_aim_sentence_lists_the_activity_countries(extractor: Extractor) -> None:
    text = ("Seminar in Accra\n\n"
            "On 16 May 2024 INTERPOL held a regional seminar in Accra. Its aim was to strengthen the units of "
            "Ghana, Senegal, Togo and Nigeria.")
    found = triples(extractor, text)
    seminar = next(s for s, p, o in found if p == "organizer" and o == "interpol")
    assert {(seminar, "participatingCountry", c) for c in ("ghana", "senegal", "togo", "nigeria")} <= found


def test_ambassador_holds_a_position_for_the_country(extractor: Extractor) -> None:
    text = ("Reunión en Bruselas\n\n"
            "Abrieron la reunión el embajador de México ante la Unión Europea, Mauricio Escanero, y otros.")
    found = triples(extractor, text, "es")
    position = next(s for s, p, o in found if p == "holder" and o == "mauricio-escanero")
    assert (position, "organization", "mexico") in found
    assert ("mauricio-escanero", "represents", "mexico") in found


# --- session 3 constructions (tuned on tests/fixtures/dev3, the spent held-out set) ---

def test_plural_acronym_defines_the_singular_one(extractor: Extractor) -> None:
    text = ("UNODC trains officers\n\n"
            "Lima, 7 November 2022 - UNODC held a training course for officers of Port Control Units (PCUs) from "
            "Ecuador and Peru.\n\nThe local PCU inspected two containers.")
    content = extract(extractor, text)
    units = [r for r in content["entities"].values() if r.get("acronyms") == ["PCU"]]
    assert [u["label"]["en"] for u in units] == ["Port Control Units"]
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    activity = activity_of(found)
    # the long lead ("officers of Port Control Units (PCUs) from") still lists the countries taking part
    assert {(activity, "participatingCountry", "ecuador"), (activity, "participatingCountry", "peru")} <= found


def test_and_the_splits_two_bodies_in_a_chunk(extractor: Extractor) -> None:
    found = triples(extractor, "Title\n\nLima, 3 May 2021 - The Peruvian National Police and the DEA concluded "
                               "Operation Storm in Puno.")
    organizers = {o for _s, p, o in found if p == "organizer"}
    assert organizers == {"peruvian-national-police", "dea"}
    # a region after "and the" stays inside the name ("... para América Latina y el Caribe")
    content = extract(extractor, "Título\n\nLima, 3 de mayo de 2021. El Programa de Asistencia Legal para América "
                                 "Latina y el Caribe (LAPLAC) organizó un taller.", "es")
    assert not any("caribe" == k for k in content["entities"])


def test_named_operation_is_an_activity_not_a_body(extractor: Extractor) -> None:
    content = extract(extractor, "Título\n\nPedro Juan Caballero, 18 de noviembre de 2022. La SENAD concluyó una "
                                 "nueva fase de la Operación Nueva Alianza en Amambay.", "es")
    types = {r["label"]["es"]: r["type"] for r in content["entities"].values()}
    assert types.get("Operación Nueva Alianza") == "Operation"


def test_passive_cue_with_an_adverb(extractor: Extractor) -> None:
    found = triples(extractor, "Title\n\nThe CCP is implemented jointly by UNODC and the World Customs "
                               "Organization (WCO).")
    assert {("ccp", "implementer", "unodc"), ("ccp", "implementer", "wco")} <= found


def test_launch_date_is_not_the_activity_date(extractor: Extractor) -> None:
    found = triples(extractor, "UNODC trains officers\n\nLaunched in 2004, the CCP is implemented by UNODC and "
                               "now operates in more than 70 countries.")
    assert not any(p == "startDate" for _s, p, _o in found)


def test_arrest_counts_are_not_participant_counts(extractor: Extractor) -> None:
    found = triples(extractor, "Título\n\nEn 2023, una investigación conjunta de la Policía Nacional y la SENAD "
                               "permitió desarticular una organización, con la detención de 14 personas. Cinco "
                               "personas fueron detenidas.", "es")
    assert not any(p == "participantCount" for _s, p, _o in found)
    # and the joint investigation is an operation
    content = extract(extractor, "Título\n\nEn 2023, una investigación conjunta de la Policía Nacional y la "
                                 "SENAD permitió desarticular una organización.", "es")
    assert "Operation" in {r["type"] for r in content["entities"].values()}


def test_threats_carry_over_to_a_continuing_sentence(extractor: Extractor) -> None:
    text = ("Spain and Paraguay sign a memorandum\n\n"
            "Madrid, 6 March 2024 - Spain and Paraguay signed a memorandum of understanding on police cooperation. "
            "The memorandum sets up a framework for joint investigations against organized crime. "
            "It focuses on drug trafficking and money laundering.")
    found = triples(extractor, text)
    agreement = next(s for s, p, _o in found if p == "party")
    assert {(agreement, "targetsThreat", "threat:drug-trafficking"),
            (agreement, "targetsThreat", "threat:money-laundering")} <= found


def test_instructors_verb_goes_on_with_the_course(extractor: Extractor) -> None:
    text = ("UNODC trains officers\n\n"
            "Lima, 7 November 2022 - UNODC held a training course for customs officers. Instructors from the "
            "WCO trained participants on risk profiling.")
    content = extract(extractor, text)
    assert [r["type"] for r in content["entities"].values() if r["type"] == "Training"] == ["Training"]


def test_sentences_about_a_programme_give_it_partners_and_funders(extractor: Extractor) -> None:
    text = ("UNODC trains officers\n\n"
            "Lima, 7 November 2022 - UNODC held a training course for customs officers from Peru and Ecuador.\n\n"
            "AIRCOP, launched in 2010, aims to strengthen the capacities of international airports. The project is "
            "implemented by UNODC in partnership with INTERPOL and the WCO. It is funded by the European Union, as "
            "well as by Canada, Japan and Norway.")
    found = triples(extractor, text)
    assert {("aircop", "partner", "interpol"), ("aircop", "partner", "wco"), ("aircop", "funder", "european-union"),
            ("aircop", "funder", "canada"), ("aircop", "funder", "japan"), ("aircop", "funder", "norway")} <= found
    activity = activity_of(found)
    # the donors are not countries taking part in the course told before
    assert not {o for s, p, o in found if s == activity and p in ("participatingCountry", "funder")} & {
        "canada", "japan", "norway", "european-union"}


def test_a_programme_named_first_without_a_verb_of_its_own_is_not_the_topic(extractor: Extractor) -> None:
    text = ("AIRCOP meeting in Panama\n\n"
            "Panama City, 6 November 2018 - UNODC held a meeting of AIRCOP focal points in Panama.\n\n"
            "AIRCOP focal points came from Argentina, Barbados, Bolivia and Peru.")
    found = triples(extractor, text)
    activity = activity_of(found)
    assert {(activity, "participatingCountry", c) for c in ("argentina", "barbados", "bolivia", "peru")} <= found


def test_an_activity_coordinated_by_a_body_is_organised_by_it(extractor: Extractor) -> None:
    found = triples(extractor, "Title\n\nVienna, 18 October 2019 - Officers arrested 62 traffickers during a "
                               "joint operation coordinated by the Airport Communication Project (AIRCOP) and "
                               "the World Customs Organization (WCO).")
    activity = activity_of(found)
    assert {(activity, "underProgramme", "aircop"), (activity, "organizer", "wco")} <= found


def test_headline_event_takes_the_body_class_and_its_parts(extractor: Extractor) -> None:
    text = ("UNODC and GIABA train West African investigators\n\n"
            "Accra, Ghana, 20-22 June 2023 - UNODC, together with GIABA, held a three-day regional workshop on "
            "financial investigations.\n\n"
            "In a practical exercise, participants followed the money in a simulated case.\n\n"
            "Participants asked UNODC to organize follow-up national trainings in 2024.")
    content = extract(extractor, text)
    activities = [r for r in content["entities"].values() if r["type"] in ("Training", "Workshop", "Meeting")]
    assert [a["type"] for a in activities] == ["Workshop"]  # one event: the headline's, named by the body
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    activity = activity_of(found)
    # the dateline's span of days is the workshop's; a later year in the text does not replace it
    assert {(activity, "startDate", "2023-06-20"), (activity, "endDate", "2023-06-22")} <= found
    assert not any(s == activity and p == "startDate" and o == "2024" for s, p, o in found)


def test_hyphenated_number_words_count_and_years_do_not(extractor: Extractor) -> None:
    text = ("SEACOP meeting\n\nSanto Domingo, 5 December 2023 - Sixty-two representatives of law enforcement "
            "agencies met in Santo Domingo for the annual regional meeting of SEACOP. The meeting was organized by "
            "Expertise France, which implements SEACOP, with the support of the National Directorate for Drug "
            "Control (DNCD) of the Dominican Republic.")
    found = triples(extractor, text)
    activity = activity_of(found)
    assert (activity, "participantCount", 62) in found
    assert not any(p == "participantCount" and o == 2023 for _s, p, o in found)
    # the supporter is the meeting's (the programme sits in a relative clause), and the body's country is not one
    supporters = {(s, o) for s, p, o in found if p == "supporter"}
    assert supporters == {(activity, "national-directorate-for-drug-control")}


def test_a_known_body_name_with_another_country_is_that_country_body(extractor: Extractor) -> None:
    text = ("UNODC capacita a fiscales del Ecuador\n\n"
            "Quito, 15 de septiembre de 2022. La UNODC realizó un taller nacional sobre armas de fuego, en "
            "coordinación con la Fiscalía General del Estado (FGE) del Ecuador y con el apoyo de Bolivia.\n\n"
            "En el taller participaron 35 funcionarios, 12 mujeres y 23 hombres, de la Fiscalía General del "
            "Estado, la Policía Nacional y el Consejo de la Judicatura.")
    content = extract(extractor, text, "es")
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    assert not any("bo-attorney-general" in t for t in found)  # Bolivia's Fiscalía General del Estado
    fge = next(k for k, r in content["entities"].items() if r.get("acronyms") == ["FGE"])
    activity = activity_of(found)
    # the second mention is the same (Ecuador's) body, and the list after "de la" takes part
    assert {(activity, "collaborator", fge), (activity, "participant", fge)} <= found
    assert sum(1 for s, p, _o in found if s == activity and p == "participant") >= 2


def test_a_programme_supports_countries_in_regions(extractor: Extractor) -> None:
    found = triples(extractor, "Title\n\nSEACOP, launched in 2010, is funded by the European Union. It supports "
                               "countries in Latin America, the Caribbean and West Africa in setting up units.")
    assert {("seacop", "beneficiary", r) for r in ("latin-america", "caribbean", "west-africa")} <= found


def test_a_running_total_is_not_an_activity(extractor: Extractor) -> None:
    content = extract(extractor, "Title\n\nThe course forms part of the programme. Since 2019, the programme has "
                                 "trained more than 900 maritime law enforcement officers in the region.")
    assert not [k for k, r in content["entities"].items() if r["type"] == "Training"]


def test_organised_by_plural_verbs_and_background_dates(extractor: Extractor) -> None:
    text = ("Título\n\nAsunción, 18 de noviembre de 2022. La SENAD y la Policía Federal del Brasil concluyeron una "
            "nueva fase de la Operación Nueva Alianza en Amambay. La Operación Nueva Alianza se realiza desde el "
            "año 2011.")
    found = triples(extractor, text, "es")
    activity = activity_of(found)
    assert {p for s, p, _o in found if s == activity and p == "organizer"} == {"organizer"}
    assert len({o for s, p, o in found if s == activity and p == "organizer"}) == 2
    assert {o for s, p, o in found if s == activity and p == "startDate"} == {"2022-11-18"}


def test_a_national_plan_is_the_country_party_and_the_body_is_responsible(extractor: Extractor) -> None:
    found = triples(extractor, "Título\n\nLa Paz, 3 de mayo de 2021. El Ministerio de Justicia de Bolivia presentó "
                               "la Estrategia Nacional contra la Trata de Personas.", "es")
    strategy = next(s for s, p, _o in found if p == "party")
    assert {(strategy, "party", "bolivia"), (strategy, "responsible", "bo-ministry-of-justice")} <= found
    assert (strategy, "party", "bo-ministry-of-justice") not in found


def test_the_initiative_names_the_agreement_told_and_regions_are_not_parties(extractor: Extractor) -> None:
    text = ("Centroamérica y República Dominicana adoptan una Hoja de Ruta contra el tráfico de armas\n\n"
            "Washington (DC).- Los ministros de Belice, Costa Rica y Panamá adoptaron la Hoja de Ruta para prevenir "
            "el tráfico ilícito de armas.\n\n"
            "La iniciativa fue impulsada por la OEA, con el apoyo técnico del Sistema de la Integración "
            "Centroamericana (SICA) y el respaldo financiero de la Unión Europea.")
    found = triples(extractor, text, "es")
    plan = next(s for s, p, _o in found if p == "party")
    assert {(plan, "supporter", "sica"), (plan, "funder", "european-union")} <= found
    assert (plan, "party", "central-america") not in found


def test_positions_with_ranks_and_possessive_countries(extractor: Extractor) -> None:
    text = ("Title\n\nOpening the meeting, the President of the DNCD, Vice Admiral José Manuel Cabrera Ulloa, "
            "stressed that the Caribbean is a transit area. Later, Ghana's Attorney-General and Minister for "
            "Justice, Godfred Yeboah Dame, said that corruption drains resources.")
    content = extract(extractor, text)
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    people = {r["label"]["en"]: k for k, r in content["entities"].items() if r["type"] == "Person"}
    assert set(people) == {"José Manuel Cabrera Ulloa", "Godfred Yeboah Dame"}
    assert (people["José Manuel Cabrera Ulloa"], "honorific", "Vice Admiral") in found
    assert (people["José Manuel Cabrera Ulloa"], "affiliatedWith", "dncd") in found
    ghana = {o for s, p, o in found if s == people["Godfred Yeboah Dame"] and p == "affiliatedWith"}
    assert [content["entities"][k]["label"]["en"] for k in ghana] == ["Office of the Attorney General of Ghana"]


def test_name_with_particle_before_a_title_opening_on_a_body(extractor: Extractor) -> None:
    text = ("UNODC trains officers\n\nDakar, 14 March 2022 - UNODC delivered a course for officers from Senegal.\n\n"
            "\"No country can secure its sea alone,\" said Amado Philip de Andrés, UNODC Regional Representative "
            "for West and Central Africa.\n\nThe exercise was observed by representatives of the Senegalese "
            "Ministry of Armed Forces and of the Embassy of Norway in Dakar.")
    content = extract(extractor, text)
    labels = {r["label"]["en"]: k for k, r in content["entities"].items()}
    assert "Amado Philip de Andrés" in labels and "Embassy of Norway in Dakar" in labels
    assert "Senegalese Ministry of Armed Forces" in labels
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    assert (labels["Amado Philip de Andrés"], "affiliatedWith", "unodc") in found


def test_possessive_programme_with_a_lower_case_head(extractor: Extractor) -> None:
    text = ("Title\n\nThe course forms part of GMCP's Atlantic Ocean programme, which supports coastal states of "
            "West Africa in strengthening their capacity.")
    content = extract(extractor, text)
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    programme = next(k for k, r in content["entities"].items() if r["label"]["en"] == "Atlantic Ocean programme")
    assert content["entities"][programme]["type"] == "Programme"
    assert {(programme, "partOf", "gmcp"), (programme, "beneficiary", "west-africa")} <= found
    # "The programme" alone is no name
    assert not [k for k, r in extract(extractor, "Title\n\nThe programme trains officers. The project ends.")[
        "entities"].items() if r["type"] == "Programme"]


def test_regions_people_come_from_benefit(extractor: Extractor) -> None:
    found = triples(extractor, "UNODC trains officers\n\nLima, 7 May 2021 - UNODC delivered a course for 34 officers "
                               "from South Eastern Europe, Moldova and Central Asia.")
    activity = activity_of(found)
    assert {(activity, "beneficiary", "south-eastern-europe"), (activity, "beneficiary", "central-asia"),
            (activity, "participatingCountry", "moldova")} <= found


def test_nothing_relates_to_itself(extractor: Extractor) -> None:
    found = triples(extractor, "Title\n\nIt brought together 96 participants, including representatives of the "
                               "Association of Southeast Asian Nations (ASEAN) Secretariat, which took part as an "
                               "observer.\n\nThe chief prosecutors of Albania, Kosovo and Serbia signed a "
                               "memorandum of understanding. Eurojust, which already has cooperation agreements with "
                               "Albania, Montenegro and Serbia, presented its experience.")
    assert not [t for t in found if t[0] == t[2]]


def test_a_unit_of_a_body_and_generic_delegation_names(extractor: Extractor) -> None:
    found = triples(extractor, "Título\n\nLima, 3 de mayo de 2021. La UNODC realizó un taller con la Dirección de "
                               "Lucha contra el Narcotráfico (DLCN) de la Secretaría de Seguridad.", "es")
    unit = next(s for s, p, _o in found if p == "subOrganizationOf")
    assert unit.startswith("direccion-de-lucha-contra-el-narcotrafico")
    # "Delegation of the European Union" is Peru's delegation only in a text about Peru
    content = extract(extractor, "Title\n\nBudva, 12 October 2021 - The Delegation of the European Union "
                                 "attended the conference of prosecutors of Montenegro and Serbia.")
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    assert not any("eu-delegation-peru" in t for t in found)


def test_a_later_proper_name_names_the_operation(extractor: Extractor) -> None:
    text = ("Eastern Africa: 245 arrests in INTERPOL-coordinated operation\n\n"
            "LYON, France - A two-week operation coordinated by INTERPOL in eight countries has led to 245 arrests.\n\n"
            "Operation Usalama VII, conducted from 6 to 19 June 2022, was carried out jointly with EAPCCO.")
    content = extract(extractor, text)
    operations = [r for r in content["entities"].values() if r["type"] == "Operation"]
    assert [o["label"]["en"] for o in operations] == ["Operation Usalama VII"]


def test_what_happens_on_a_day_of_the_event_is_part_of_it(extractor: Extractor) -> None:
    text = ("UNODC trains investigators\n\nBridgetown, 4-8 March 2024 - UNODC held a regional workshop on firearms "
            "investigations for 30 investigators.\n\nA moot court exercise on the last day allowed investigators to "
            "present a case before a retired judge.")
    content = extract(extractor, text)
    assert [r["type"] for r in content["entities"].values() if r["type"] in ("Training", "Workshop")] == ["Workshop"]


def test_an_activity_meant_is_not_one_held(extractor: Extractor) -> None:
    content = extract(extractor, "Título\n\nTegucigalpa, 3 de mayo de 2023. Los fiscales firmaron la Declaración de "
                                 "Tegucigalpa, en la que se comprometen a promover la formación conjunta de fiscales.",
                      "es")
    assert not [r for r in content["entities"].values() if r["type"] == "Training"]


def test_statistics_need_a_source(extractor: Extractor) -> None:
    text = ("Título\n\nAsunción, 18 de noviembre de 2022. Según la SENAD, en lo que va de 2022 se destruyeron más de "
            "2.800 toneladas de marihuana en Paraguay. Los agentes incautaron 18.500 kilos de marihuana.")
    content = extract(extractor, text, "es")
    found = {tuple(t) for item in content["facts"] for t in item["triples"]}
    stats = [k for k, r in content["entities"].items() if r["type"] == "Statistic"]
    assert len(stats) == 1  # the seizure told by the release itself is not a reported figure
    stat = stats[0]
    assert {(stat, "value", 2800), (stat, "refYear", "2022"), (stat, "refArea", "paraguay"),
            (stat, "targetsThreat", "threat:drug-trafficking")} <= found
    assert next(o for s, p, o in found if s == stat and p == "reportedBy") in content["entities"] or \
        next(o for s, p, o in found if s == stat and p == "reportedBy") == "py-senad"


def test_a_trigger_inside_a_support_cue_is_no_activity(extractor: Extractor) -> None:
    text = ("Título\n\nLima, 18 de agosto de 2023. DEVIDA presentó el informe de monitoreo de cultivos de coca, que "
            "registra 95 008 hectáreas de coca en el Perú. El monitoreo fue elaborado con la asistencia técnica de "
            "la Oficina de las Naciones Unidas contra la Droga y el Delito (UNODC).")
    content = extract(extractor, text, "es")
    assert not [r for r in content["entities"].values() if r["type"] == "TechnicalAssistance"]
