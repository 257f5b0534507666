"""The gazetteer's countries: every ISO 3166-1 country and territory, with codes and EN/ES names.

The checks read data/gazetteer.yaml itself; only the last two need pycountry
(the generator's input), and are skipped without it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from crimekg.graph.errors import InputError
from crimekg.graph.gazetteer import load_gazetteer, normalise_name
from crimekg.graph.gazetteer_countries import BEGIN, CURATION, CountryRecord, load_curation, main, merge

GAZ = load_gazetteer()
COUNTRIES = {k: e for k, e in GAZ.entities.items() if e.type == "Country"}

# The 193 member states of the United Nations (alpha-2), and its two observer states.
UN_MEMBERS = """
AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF TD CL CN CO KM
CG CR CI HR CU CY CZ KP CD DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU
IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MC MN
ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA KR MD RO RU RW KN LC VC WS SM ST SA SN
RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TH TL TG TO TT TN TR TM TV UG UA AE GB TZ US UY UZ VU VE VN
YE ZM ZW
""".split()
UN_OBSERVERS = ["VA", "PS"]


def test_the_un_member_list_is_complete() -> None:
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193


def test_every_un_member_and_observer_is_a_country() -> None:
    by_iso2 = {e.iso2: k for k, e in COUNTRIES.items()}
    missing = [code for code in UN_MEMBERS + UN_OBSERVERS if code not in by_iso2]
    assert not missing


def test_every_curated_iso_code_is_in_the_gazetteer_under_its_key() -> None:
    curation = load_curation()
    by_iso2 = {e.iso2: k for k, e in COUNTRIES.items()}
    rows = {**curation.countries, **curation.extra}
    assert len(rows) >= 249
    assert {code: by_iso2.get(code) for code in rows} == {code: row["key"] for code, row in rows.items()}


def test_countries_have_unique_codes_and_english_and_spanish_labels() -> None:
    iso2 = [e.iso2 for e in COUNTRIES.values()]
    iso3 = [e.iso3 for e in COUNTRIES.values()]
    assert all(isinstance(c, str) and re.fullmatch(r"[A-Z]{2}", c) for c in iso2)
    assert all(isinstance(c, str) and re.fullmatch(r"[A-Z]{3}", c) for c in iso3)
    assert len(set(iso2)) == len(iso2) and len(set(iso3)) == len(iso3)
    assert all(e.labels.get("en") and e.labels.get("es") for e in COUNTRIES.values())


def test_country_names_name_that_country_only_and_are_not_common_words() -> None:
    ambiguous = load_curation().ambiguous
    clashes = [(n, GAZ.lookup(n)) for k, e in COUNTRIES.items() for n in e.names() if GAZ.lookup(n) != [k]]
    assert not clashes
    assert not [n for e in COUNTRIES.values() for n in e.names() if normalise_name(n) in ambiguous]


@pytest.mark.parametrize(("name", "key"), [
    ("Côte d'Ivoire", "cote-d-ivoire"), ("Ivory Coast", "cote-d-ivoire"), ("Costa de Marfil", "cote-d-ivoire"),
    ("Cabo Verde", "cabo-verde"), ("Cape Verde", "cabo-verde"), ("The Gambia", "gambia"), ("Gambia", "gambia"),
    ("Bolivia (Plurinational State of)", "bolivia"), ("Estado Plurinacional de Bolivia", "bolivia"),
    ("Bolivia (Estado Plurinacional de)", "bolivia"), ("Venezuela (Bolivarian Republic of)", "venezuela"),
    ("Viet Nam", "vietnam"), ("Türkiye", "turkiye"), ("Turkey", "turkiye"), ("Turquía", "turkiye"),
    ("Czech Republic", "czechia"), ("Chequia", "czechia"), ("Swaziland", "eswatini"),
    ("DRC", "democratic-republic-of-the-congo"), ("Republic of the Congo", "congo"),
    ("Republic of Korea", "south-korea"), ("Corea del Norte", "north-korea"), ("Russian Federation", "russia"),
    ("Federación de Rusia", "russia"), ("UK", "united-kingdom"), ("Reino Unido", "united-kingdom"),
    ("Sierra Leona", "sierra-leone"), ("Países Bajos", "netherlands"),
    ("Emiratos Árabes Unidos", "united-arab-emirates"),
    ("Kosovo", "kosovo"),
])
def test_usual_names_in_both_languages_resolve(name: str, key: str) -> None:
    assert GAZ.lookup(name) == [key]


@pytest.mark.parametrize("word", ["reunión", "la reunión", "Mauricio", "Granada", "anguila", "Guadalupe",
                                  "San Martín", "Santa Elena", "Korea", "us"])
def test_common_words_and_shared_place_names_are_not_countries(word: str) -> None:
    assert not [k for k in GAZ.lookup(word) if k in COUNTRIES]


def test_existing_entries_keep_their_fields() -> None:
    bolivia, peru = GAZ.entities["bolivia"], GAZ.entities["peru"]
    assert (bolivia.labels, bolivia.iso2, bolivia.iso3, bolivia.wikidata, bolivia.lat, bolivia.lon) == (
        {"en": "Bolivia", "es": "Bolivia"}, "BO", "BOL", "Q750", -16.29, -63.59)
    assert bolivia.aliases["en"][:2] == ["Plurinational State of Bolivia", "Bolivian"]
    assert (peru.labels, peru.wikidata, peru.lat, peru.lon) == ({"en": "Peru", "es": "Perú"}, "Q419", -9.19, -75.02)


# ------------------------------------------------------------------------ the merge (no pycountry needed)
EXISTING = """entities:
  # a comment that stays
  xland:
    type: Country
    label: {en: Xland, es: Xlandia}
    aliases: {en: [Xlander]}
    iso2: XX
    iso3: XXX
    wikidata: Q1
    lat: 1.5
    lon: -2.5
    facts:
      - [partOf, somewhere]
  somewhere:
    type: Region
    label: {en: Somewhere}
"""
RECORDS = [CountryRecord("XX", "XXX", "xland", {"en": "Xland", "es": "Equislandia"},
                         {"en": ["Republic of Xland"], "es": ["República de Xlandia"]}, ["XL"]),
           CountryRecord("YY", "YYY", "yland", {"en": "Yland", "es": "Ilandia"}, {"en": ["Yland, Republic of"]})]


def test_merge_adds_only_missing_names_to_existing_entries_and_keeps_everything_else() -> None:
    out = merge(EXISTING, RECORDS)
    before, after = yaml.safe_load(EXISTING)["entities"], yaml.safe_load(out)["entities"]
    assert after["somewhere"] == before["somewhere"]
    x = dict(after["xland"])
    assert x.pop("aliases") == {"en": ["Xlander", "Republic of Xland"], "es": ["Equislandia", "República de Xlandia"]}
    assert x.pop("acronyms") == ["XL"]
    assert x == {k: v for k, v in before["xland"].items() if k != "aliases"}
    assert after["yland"]["label"] == {"en": "Yland", "es": "Ilandia"} and after["yland"]["iso2"] == "YY"
    assert "  # a comment that stays\n" in out and out.count(BEGIN) == 1


def test_merge_is_idempotent() -> None:
    once = merge(EXISTING, RECORDS)
    assert merge(once, RECORDS) == once


@pytest.mark.parametrize(("record", "message"), [
    (CountryRecord("XX", "XXX", "other-key", {"en": "Xland", "es": "X"}), "is 'xland' in the gazetteer"),
    (CountryRecord("XX", "XXZ", "xland", {"en": "Xland", "es": "X"}), "ISO 3166-1 says 'XXZ'"),
    (CountryRecord("ZZ", "ZZZ", "somewhere", {"en": "Z", "es": "Z"}), "already used by another entry"),
])
def test_merge_refuses_conflicts(record: CountryRecord, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        merge(EXISTING, [record])


# ------------------------------------------------------------------------ the generator (needs pycountry)
def test_the_gazetteer_is_what_the_generator_writes() -> None:
    pytest.importorskip("pycountry")
    assert main(["--check"]) == 0


def test_check_fails_and_write_restores_an_out_of_date_copy(tmp_path: Path, capsys) -> None:
    pytest.importorskip("pycountry")
    from crimekg.graph.resources import data_dir

    real = (data_dir() / "gazetteer.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "gazetteer.yaml"
    copy.write_text(real.split("\n" + BEGIN)[0] + "\n", encoding="utf-8")
    assert main(["--check", "--gazetteer", str(copy)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(["--write", "--gazetteer", str(copy), "--curation", str(CURATION)]) == 0
    assert copy.read_text(encoding="utf-8") == real
