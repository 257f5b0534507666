"""The saved query library (headers, parameters, typing) and ``crimekg query`` / ``crimekg queries``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from crimekg.graph.cli import cli
from crimekg.graph.errors import InputError, NotFoundError, QueryError, UsageError
from crimekg.graph.queries import Param, bind_params, library, load_query, parse_saved_query, typed_value
from crimekg.graph.resolve import NameIndex
from crimekg.graph.store import KGStore
from rdflib import Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql.results.jsonresults import JSONResultParser
from rdflib.plugins.sparql.results.xmlresults import XMLResultParser


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


# ----------------------------------------------------------------------------- the library


def test_library_headers_are_complete() -> None:
    queries = library()
    assert len(queries) >= 20
    for name, query in queries.items():
        assert query.title and query.description, name
        assert query.examples and query.examples[0].startswith(f"crimekg query {name}"), name
        for param in query.params:
            assert param.description, (name, param.name)


def test_header_syntax() -> None:
    query = parse_saved_query("t", """# title: A title
# description: First part
#   continued here.
# param: who (actor) the actor
# param: year (year, optional) a year
# param: below (decimal, default=0.5) a threshold
# example: crimekg query t --param who=Peru
SELECT ?x WHERE { ?x ckg:party ?who ; ckg:confidence ?c FILTER(?c < ?below && (!BOUND(?year) || ?year > 1)) }
""")
    assert query.title == "A title"
    assert query.description == "First part continued here."
    assert query.params == (Param("who", "actor", "the actor"), Param("year", "year", "a year", optional=True),
                            Param("below", "decimal", "a threshold", default="0.5"))
    assert [p.required for p in query.params] == [True, False, False]


@pytest.mark.parametrize(("text", "message"), [
    ("SELECT * WHERE { }", "needs `# title"),
    ("# title: t\nSELECT * WHERE { }", "needs `# description"),
    ("# title: t\n# description: d\n# param: x (colour) no\nSELECT ?x WHERE { }", "type must be one of"),
    ("# title: t\n# description: d\n# param: x (string, maybe) no\nSELECT ?x WHERE { }", "unknown flag"),
    ("# title: t\n# description: d\n# param: nope (string) no\nSELECT ?x WHERE { }", "not a variable of the query"),
    ("# title: t\n# description: d\n# param: bad line\nSELECT ?x WHERE { }", "bad param line"),
    ("# title: t\n# description: d\n# titel: typo\nSELECT ?x WHERE { }", "unknown header key 'titel'"),
])
def test_bad_headers_are_input_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_saved_query("t", text)


def test_a_users_file_needs_no_header(tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("# my notes: anything\nSELECT ?c WHERE { ?c ckg:isoAlpha2 ?code }", encoding="utf-8")
    query = load_query(str(path))
    assert query.name == "mine" and query.params == ()
    with pytest.raises(InputError, match="no such query file"):
        load_query(str(tmp_path / "missing.rq"))


def test_unknown_query_suggests_names() -> None:
    with pytest.raises(NotFoundError, match="did you mean partners"):
        load_query("partner")


# ----------------------------------------------------------------------------- parameter typing


@pytest.mark.parametrize(("type_", "text", "term"), [
    ("iri", "ckg:party", URIRef("https://w3id.org/crimekg/ontology#party")),
    ("iri", "<http://example.org/x>", URIRef("http://example.org/x")),
    ("string", 'a " } DROP ALL', Literal('a " } DROP ALL')),
    ("integer", "-12", Literal(-12, datatype=XSD.integer)),
    ("year", "2018", Literal(2018, datatype=XSD.integer)),
    ("date", "2018-11-05", Literal("2018-11-05", datatype=XSD.date)),
    ("decimal", "0.85", Literal("0.85", datatype=XSD.decimal)),
])
def test_values_are_typed_per_header(type_: str, text: str, term: object) -> None:
    assert typed_value(Param("x", type_, ""), text) == term


@pytest.mark.parametrize(("type_", "text", "message"), [
    ("iri", "not an iri", "is not an IRI"),
    ("iri", "http://x/a b", "is not an IRI"),
    ("integer", "12.5", "is not an integer"),
    ("year", "18", "is not a year"),
    ("date", "2018-13-01", "is not a date"),
    ("date", "5 November 2018", "is not a date"),
    ("decimal", "lots", "is not a number"),
    ("decimal", "NaN", "is not a finite number"),
])
def test_bad_values_are_query_errors(type_: str, text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        typed_value(Param("x", type_, ""), text)


def test_entities_resolve_by_any_name(seed_store: KGStore) -> None:
    names = NameIndex.load(seed_store)
    bolivia = URIRef("https://w3id.org/crimekg/id/bolivia")
    for text in ("Bolivia", "bolivia", "BOLIVIA", "Estado Plurinacional de Bolivia", "BO", "BOL", "id:bolivia",
                 "<https://w3id.org/crimekg/id/bolivia>"):
        assert typed_value(Param("a", "actor", ""), text, names) == bolivia, text
    assert typed_value(Param("t", "threat", ""), "narcotráfico", names) == URIRef(
        "https://w3id.org/crimekg/threat/drug-trafficking")
    assert typed_value(Param("d", "document", ""), "doc-003", names) == URIRef("https://w3id.org/crimekg/doc/doc-003")
    with pytest.raises(UsageError, match="is a Programme, not an actor"):
        typed_value(Param("a", "actor", ""), "CRIMJUST", names)
    with pytest.raises(UsageError, match="names 2 actors"):
        typed_value(Param("a", "actor", ""), "SMT", names)
    with pytest.raises(NotFoundError, match="close matches: Bolivia"):
        typed_value(Param("a", "actor", ""), "Bolivya", names)


def test_bind_params_checks_names_and_requirements(seed_store: KGStore) -> None:
    query = library()["activities-by-country-year"]
    assert bind_params(query, {}, seed_store) == {}
    with pytest.raises(QueryError, match="has no parameter 'yaer'"):
        bind_params(query, {"yaer": "2018"}, seed_store)
    with pytest.raises(QueryError, match="needs --param actor"):
        bind_params(library()["partners"], {}, seed_store)
    assert bind_params(library()["low-confidence-facts"], {}, seed_store) == {
        "below": Literal("1", datatype=XSD.decimal)}


# ----------------------------------------------------------------------------- crimekg queries / query


def test_queries_lists_the_library() -> None:
    result = run("queries", "--json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [q["name"] for q in listed] == sorted(library())
    partners = next(q for q in listed if q["name"] == "partners")
    assert partners["parameters"][0] == {"name": "actor", "type": "actor", "optional": False, "default": None,
                                         "description": "the actor: IRI, key, label, alias or acronym (any language)"}
    table = run("queries")
    assert table.stdout.splitlines()[0].split() == ["name", "title", "parameters"]
    assert len(table.stdout.splitlines()) == len(listed) + 2


def test_queries_shows_one() -> None:
    result = run("queries", "partners")
    assert result.exit_code == 0
    assert result.stdout.startswith("partners: Partners of an actor, and through what")
    assert "--param actor=...   actor:" in result.stdout and "SELECT DISTINCT ?partner" in result.stdout
    assert run("queries", "nope").exit_code == 2


def test_query_json_is_sparql_results_json() -> None:
    result = run("query", "activities-by-country-year", "--store", "memory", "-p", "country=Perú", "--json")
    assert result.exit_code == 0, result.output
    parsed = JSONResultParser().parse(io.StringIO(result.stdout))
    assert [str(v) for v in parsed.vars] == ["activity", "activityLabel", "type", "country", "start", "startYear"]
    rows = [(str(r[Variable("activity")]), str(r[Variable("start")]), r[Variable("start")].datatype)
            for r in parsed.bindings]
    assert rows == [("https://w3id.org/crimekg/id/ws-2018-06-peru-judicial-cooperation", "2018-06-26", XSD.date)]
    data = json.loads(result.stdout)
    assert data["results"]["bindings"][0]["startYear"] == {
        "type": "literal", "value": "2018", "datatype": str(XSD.integer)}


def test_query_xml_csv_tsv_jsonl_table() -> None:
    args = ["query", "participant-totals", "--store", "memory"]
    xml = run(*args, "--xml")
    parsed = XMLResultParser().parse(io.BytesIO(xml.stdout.encode("utf-8")))
    assert [int(r[Variable("totalParticipants")]) for r in parsed.bindings] == [76, 19]
    assert run(*args, "--csv").stdout.splitlines() == [
        "country,countryLabel,startYear,activities,totalParticipants",
        "https://w3id.org/crimekg/id/bolivia,Bolivia,2018,3,76",
        "https://w3id.org/crimekg/id/panama,Panama,2019,1,19",
    ]
    tsv = run(*args, "--tsv").stdout.splitlines()
    assert tsv[0] == "?country\t?countryLabel\t?startYear\t?activities\t?totalParticipants"
    assert tsv[1].split("\t")[:2] == ["<https://w3id.org/crimekg/id/bolivia>", '"Bolivia"@en']
    jsonl = [json.loads(line) for line in run(*args, "--jsonl").stdout.splitlines()]
    assert jsonl[1] == {"country": "https://w3id.org/crimekg/id/panama", "countryLabel": "Panama", "startYear": 2019,
                        "activities": 1, "totalParticipants": 19}
    table = run(*args)
    assert table.stdout.splitlines()[2].split() == ["id:bolivia", "Bolivia", "2018", "3", "76"]
    assert "(2 rows)" in table.stderr


def test_construct_formats() -> None:
    args = ["query", "describe-entity", "--store", "memory", "-p", "entity=stat-bolivia-trafficking-cases-2022"]
    turtle = run(*args)
    assert turtle.exit_code == 0 and "ckg:refYear \"2022\"^^xsd:gYear" in turtle.stdout
    nt = run(*args, "--nt").stdout.splitlines()
    assert len(nt) == 9
    assert ('<https://w3id.org/crimekg/id/stat-bolivia-trafficking-cases-2022> '
            '<https://w3id.org/crimekg/ontology#value> "551"^^<http://www.w3.org/2001/XMLSchema#decimal> .') in nt
    assert run("query", "partners", "--store", "memory", "-p", "actor=Peru", "--ttl").exit_code == 4


def test_query_from_stdin_file_and_option(tmp_path: Path) -> None:
    text = "SELECT DISTINCT ?code WHERE { ?c ckg:isoAlpha2 ?code ; rdfs:label ?name FILTER(STR(?name) = ?country) }"
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    for args, stdin in ((["-"], text), ([str(path)], None), (["--sparql", text], None)):
        result = run("query", *args, "--store", "memory", "-p", "country=Paraguay", "--csv", input=stdin)
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines() == ["code", "PY"]
    assert run("query", "--store", "memory").exit_code == 2
    assert run("query", "partners", "--sparql", text, "--store", "memory").exit_code == 2


def test_print_query_shows_the_bound_values() -> None:
    result = run("query", "partners", "--store", "memory", "-p", "actor=Paraguay", "--print-query")
    assert result.exit_code == 0
    assert "VALUES (?actor) { (<https://w3id.org/crimekg/id/paraguay>) }" in result.stdout


@pytest.mark.parametrize(("args", "code", "message"), [
    (["-p", "actor=Bolivai"], 2, "unknown actor 'Bolivai'; close matches: Bolivia (bolivia)"),
    (["-p", "actor=CRIMJUST"], 2, "is a Programme, not an actor"),
    ([], 4, "needs --param actor"),
    (["-p", "actor=Peru", "-p", "year=2018"], 4, "has no parameter 'year'"),
    (["-p", "actor"], 4, "write NAME=VALUE"),
])
def test_parameter_errors_are_one_line(args: list[str], code: int, message: str) -> None:
    result = run("query", "partners", "--store", "memory", *args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr


def test_a_hostile_string_parameter_is_only_a_value(seed_store: KGStore) -> None:
    before = seed_store.count()
    hostile = 'jaguar")) } } ; DROP ALL ; SELECT * WHERE { #'
    result = run("query", "search-entities", "--store", "memory", "-p", f"text={hostile}", "--csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["entity,label,type"]
    assert seed_store.count() == before


def test_year_and_date_parameters_through_the_cli() -> None:
    bad = run("query", "activities-by-country-year", "--store", "memory", "-p", "year=last")
    assert bad.exit_code == 4 and "is not a year" in bad.stderr
    result = run("query", "activities-in-period", "--store", "memory", "-p", "from=2019-01-01", "-p", "to=2019-12-31",
                 "--csv")
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == [
        "https://w3id.org/crimekg/id/ws-2019-07-david-asset-recovery"]
