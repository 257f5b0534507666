"""The gazetteer's standard bodies of the field: their acronyms and names in English and Spanish resolve."""

from __future__ import annotations

import pytest
from crimekg.graph.gazetteer import load_gazetteer
from crimekg.graph.ontology import load_schema

GAZ = load_gazetteer()


@pytest.mark.parametrize(("name", "key"), [
    ("ECOWAS", "ecowas"), ("CEDEAO", "ecowas"), ("Economic Community of West African States", "ecowas"),
    ("GIABA", "giaba"), ("OAS", "oas"), ("OEA", "oas"), ("CICAD", "cicad"), ("SICA", "sica"), ("CELAC", "celac"),
    ("Comunidad de Estados Latinoamericanos y Caribeños", "celac"), ("MERCOSUR", "mercosur"),
    ("Mercado Común del Sur", "mercosur"), ("CARICOM", "caricom"), ("IMPACS", "caricom-impacs"),
    ("CARICOM IMPACS", "caricom-impacs"), ("AMERIPOL", "ameripol"), ("AIAMP", "aiamp"), ("COMJIB", "comjib"),
    ("Europol", "europol"), ("Eurojust", "eurojust"), ("Frontex", "frontex"), ("EMCDDA", "emcdda"),
    ("EUDA", "emcdda"), ("Observatorio Europeo de las Drogas y las Toxicomanías", "emcdda"), ("CEPOL", "cepol"),
    ("MAOC-N", "maoc-n"), ("WCO", "wco"), ("OMA", "wco"), ("IMO", "imo"),
    ("Organización Marítima Internacional", "imo"),
    ("AIRCOP", "aircop"), ("Container Control Programme", "ccp"), ("Programa de Control de Contenedores", "ccp"),
    ("Global Maritime Crime Programme", "gmcp"), ("GPML", "gpml"), ("Global Firearms Programme", "gfp"),
    ("CRIMJUST", "crimjust"), ("SEACOP", "seacop"), ("COPOLAD", "copolad"), ("COPOLAD II", "copolad-ii"),
    ("EL PAcCTO", "el-paccto"), ("EU-ACT", "eu-act"), ("OCWAR-M", "ocwar-m"),
    ("Cocaine Route Programme", "cocaine-route-programme"),
    ("FIIAPP", "fiiapp"), ("Expertise France", "expertise-france"), ("CIVIPOL", "civipol"), ("GIZ", "giz"),
    ("IILA", "iila"), ("UNLIREC", "unlirec"), ("UNDP", "undp"), ("PNUD", "undp"), ("IOM", "iom"), ("OIM", "iom"),
    ("INTERPOL", "interpol"), ("FATF", "fatf"), ("GAFI", "fatf"), ("Egmont Group", "egmont-group"),
    ("WACAP", "wacap"), ("DG DEVCO", "ec-dg-devco"), ("EEAS", "eeas"), ("African Union", "african-union"),
])
def test_standard_bodies_resolve_by_acronym_and_name(name: str, key: str) -> None:
    assert GAZ.lookup(name) == [key]


def test_reference_facts_use_ontology_properties_and_known_entities() -> None:
    schema = load_schema()
    bad = [(k, p, o) for k, e in GAZ.entities.items() for p, o in e.facts
           if not schema.is_object_property(p) or o not in GAZ.entities]
    assert not bad


@pytest.mark.parametrize(("name", "key"), [
    ("Gulf of Guinea", "gulf-of-guinea"), ("Golfo de Guinea", "gulf-of-guinea"), ("Niger Delta", "niger-delta"),
    ("Strait of Gibraltar", "strait-of-gibraltar"), ("Estrecho de Gibraltar", "strait-of-gibraltar"),
    ("Northern Ireland", "northern-ireland"),
])
def test_places_named_after_a_country_are_not_that_country(name: str, key: str) -> None:
    assert GAZ.lookup(name) == [key]
