"""The query policy decides by PARSING: what the parse tree holds counts, not what the text mentions."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from crimekg.graph.cli import cli
from crimekg.graph.errors import QueryError
from crimekg.graph.sparql_policy import Policy, RefusedError, check_query

SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT ?where { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://e/q> { ?s ?q ?r } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://e/q> { ?s ?p ?o } } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <http://e/q> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <http://e/q> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://e/q> { ?s ?p ?o } } }",
    "SELECT * WHERE { GRAPH ?g { SERVICE <http://e/q> { ?s ?p ?o } } }",
    "PREFIX e: <http://e/> SELECT * WHERE { SERVICE e:q { ?s ?p ?o } }",
    "ASK { SERVICE <http://e/q> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://e/q> { ?s ?p ?o } }",
    "select * where { service <http://e/q> { ?s ?p ?o } }",
]
UPDATES = [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT DATA"),
    ("DELETE DATA { <urn:a> <urn:b> <urn:c> }", "DELETE DATA"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE WHERE"),
    ("DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "INSERT/DELETE"),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "INSERT/DELETE"),
    ("DROP ALL", "DROP"),
    ("CLEAR DEFAULT", "CLEAR"),
    ("CREATE GRAPH <urn:g>", "CREATE"),
    ("COPY <urn:a> TO <urn:b>", "COPY"),
    ("MOVE DEFAULT TO <urn:b>", "MOVE"),
    ("ADD <urn:a> TO <urn:b>", "ADD"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("PREFIX x: <urn:x#> INSERT DATA { x:a x:b x:c } ; DROP ALL", "INSERT DATA"),
]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_service_is_refused_wherever_it_is(query: str) -> None:
    with pytest.raises(RefusedError, match=r"SERVICE .* is refused"):
        check_query(query)
    assert check_query(query, Policy(allow_service=True)).form in ("SELECT", "ASK", "CONSTRUCT")


@pytest.mark.parametrize(("update", "name"), UPDATES)
def test_updates_are_refused(update: str, name: str) -> None:
    with pytest.raises(RefusedError, match=rf"updates are refused.*\({name}\)"):
        check_query(update)


def test_load_needs_both_updates_and_federation() -> None:
    with pytest.raises(RefusedError, match=r"LOAD <http://example\.org/data\.ttl> is refused"):
        check_query("LOAD <http://example.org/data.ttl>", Policy(allow_update=True))
    assert check_query("LOAD <http://example.org/data.ttl>", Policy(allow_update=True, allow_service=True)).is_update
    assert check_query("DROP ALL", Policy(allow_update=True)).form == "UPDATE"


@pytest.mark.parametrize(("query", "clause", "iri"), [
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM", "file:///etc/passwd"),
    ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED",
     "http://example.org/g"),
    ("PREFIX x: <http://example.org/> SELECT * FROM x:g WHERE { ?s ?p ?o }", "FROM", "http://example.org/g"),
    ("BASE <file:///etc/> SELECT * FROM <passwd> WHERE { ?s ?p ?o }", "FROM", "file:///etc/passwd"),
    ("SELECT * FROM <https://w3id.org/crimekg/graph/> WHERE { ?s ?p ?o }", "FROM",
     "https://w3id.org/crimekg/graph/"),
    ("SELECT * FROM <https://w3id.org/crimekg/id/bolivia> WHERE { ?s ?p ?o }", "FROM",
     "https://w3id.org/crimekg/id/bolivia"),
])
def test_from_outside_the_crimekg_graphs_is_refused(query: str, clause: str, iri: str) -> None:
    with pytest.raises(RefusedError, match=f"^{clause} <{iri}> is refused"):
        check_query(query)


def test_using_in_an_allowed_update_is_checked_too() -> None:
    with pytest.raises(RefusedError, match="USING <file:///x> is refused"):
        check_query("DELETE { ?s ?p ?o } USING <file:///x> WHERE { ?s ?p ?o }", Policy(allow_update=True))


def test_from_a_crimekg_graph_is_allowed() -> None:
    checked = check_query("SELECT * FROM graph:doc-000 FROM NAMED <https://w3id.org/crimekg/graph/doc-001> "
                          "WHERE { ?s ?p ?o }")
    assert checked.from_graphs == ("https://w3id.org/crimekg/graph/doc-000",)
    assert checked.from_named_graphs == ("https://w3id.org/crimekg/graph/doc-001",)
    assert checked.has_dataset


@pytest.mark.parametrize("query", [
    'SELECT ?x WHERE { ?x rdfs:label "SERVICE <http://e/q> { ?s ?p ?o }" }',
    "SELECT ?x WHERE { ?x rdfs:label 'LOAD <http://e/x> ; DROP ALL' }",
    'SELECT ?x WHERE { ?x rdfs:label """FROM <file:///etc/passwd>\nINSERT DATA { }""" }',
    "# SERVICE <http://e/q> { } DROP ALL\nSELECT ?x WHERE { ?x a ckg:Country }",
    "SELECT ?x WHERE { ?x a <http://e/SERVICE> . ?x <http://e/load> ?y }",
    "SELECT ?service ?load ?drop WHERE { ?service ?load ?drop }",
])
def test_words_in_literals_comments_and_iris_are_not_operations(query: str) -> None:
    assert check_query(query).form == "SELECT"


@pytest.mark.parametrize("query", ["SELEC * WHERE { }", "SELECT * WHERE { ?s ?p }", "", "   \n", "# only a comment",
                                   "SELECT * WHERE { ?s ?p ?o } }", "ASK { ?s ?p \"unterminated }"])
def test_malformed_sparql_is_a_one_line_query_error(query: str) -> None:
    with pytest.raises(QueryError) as error:
        check_query(query)
    assert not isinstance(error.value, RefusedError)
    assert str(error.value).startswith("malformed SPARQL: ")
    assert "\n" not in str(error.value)


def test_query_forms_and_variables() -> None:
    assert check_query("ASK { ?a ?b ?c }").form == "ASK"
    assert check_query("DESCRIBE id:bolivia").form == "DESCRIBE"
    assert check_query("CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    assert check_query("SELECT ?x WHERE { ?x ?p $y FILTER(?z > 1) }").variables == {"x", "p", "y", "z"}


@pytest.mark.parametrize(("query", "word"), [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/q> { ?s ?p ?o } }", "SERVICE"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "updates are refused"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM <file:///etc/passwd>"),
])
def test_cli_refusal_is_one_line_exit_4(query: str, word: str) -> None:
    result = CliRunner().invoke(cli, ["query", "--store", "memory", "-"], input=query)
    assert result.exit_code == 4
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert word in result.stderr


def test_cli_malformed_is_one_line_exit_4() -> None:
    result = CliRunner().invoke(cli, ["query", "--store", "memory", "--sparql", "SELECT ?x WHERE { ?x"])
    assert result.exit_code == 4
    assert result.stderr.startswith("Error: malformed SPARQL: ") and result.stderr.count("\n") == 1


def test_cli_allow_update_changes_a_store(tmp_path: Path) -> None:
    store = str(tmp_path / "kg")
    assert CliRunner().invoke(cli, ["build", "-q", "--store", store]).exit_code == 0
    update = "INSERT DATA { GRAPH <https://w3id.org/crimekg/graph/notes> { <urn:a> <urn:b> <urn:c> } }"
    refused = CliRunner().invoke(cli, ["query", "--store", store, "--sparql", update])
    assert refused.exit_code == 4
    allowed = CliRunner().invoke(cli, ["query", "--store", store, "--sparql", update, "--allow-update"])
    assert allowed.exit_code == 0, allowed.output
    ask = CliRunner().invoke(cli, ["query", "--store", store, "--sparql", "ASK { <urn:a> <urn:b> <urn:c> }", "--csv"])
    assert ask.stdout.splitlines() == ["boolean", "true"]
