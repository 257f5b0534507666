"""SPARQL injection and network access: hostile values never change a query's meaning.

Parameters with quotes, braces, newlines, comment signs, backslashes and
SPARQL keywords are bound as RDF terms -- through ``KGStore.query`` bindings
and through ``crimekg query --param`` -- and must find nothing (no entity has
such a name), run no update, and leave the store unchanged; a genuine value
bound the same way still finds its entity, so the tests would notice a
binding that silently matched nothing.

Queries never reach the network by default: ``SERVICE`` and ``LOAD`` to any
host and ``FROM <file://...>`` / ``FROM <http://...>`` are refused before
anything runs; a local listener checks that no connection is attempted.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from crimekg.graph.errors import QueryError
from crimekg.graph.store import KGStore
from rdflib import Literal, URIRef

HOSTILE_VALUES = [
    'Bolivia" } UNION { ?s ?p ?o } #',
    "Bolivia' } UNION { ?s ?p ?o } #",
    'Bolivia"@en } ; DROP ALL ; SELECT * WHERE { #',
    'Bolivia"""\n} } UNION { ?s ?p ?o }\n#',
    "Bolivia'''\n}} INSERT DATA { <urn:x> <urn:y> <urn:z> } #",
    'Bolivia\\" } UNION { ?s ?p ?o } #',
    "Bolivia\\u0022 } UNION { ?s ?p ?o } #",
    "Bolivia\n}\nUNION\n{ ?s ?p ?o }",
    "Bolivia\r\n} UNION { ?s ?p ?o } #",
    "} } } { { {",
    "?s ?p ?o",
    "Bolivia> } UNION { ?s ?p ?o } #",
    "Bolivia\x00\x1f\x7f",
    "\\",
]
LABEL_QUERY = "SELECT DISTINCT ?entity WHERE { ?entity rdfs:label ?name }"


@pytest.fixture(scope="module")
def quad_count(seed_store: KGStore) -> int:
    return seed_store.count()


def entities_named(store: KGStore, name: Literal) -> list[str]:
    return [str(row[0]) for row in store.query(LABEL_QUERY, {"name": name})]


def test_a_genuine_name_is_found_the_same_way(seed_store: KGStore) -> None:
    assert entities_named(seed_store, Literal("Bolivia", lang="en")) == ["https://w3id.org/crimekg/id/bolivia"]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_literal_finds_nothing_and_changes_nothing(seed_store: KGStore, quad_count: int, value: str) -> None:
    for literal in (Literal(value), Literal(value, lang="en")):
        assert entities_named(seed_store, literal) == []
    assert seed_store.count() == quad_count


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_value_is_the_value_the_query_sees(seed_store: KGStore, value: str) -> None:
    rows = list(seed_store.query("SELECT ?name (STRLEN(?name) AS ?n) WHERE { }", {"name": Literal(value)}))
    assert [(str(r[0]), int(r[1])) for r in rows] == [(value, len(value))]


@pytest.mark.parametrize("value", [
    "https://w3id.org/crimekg/id/bolivia> } UNION { ?s ?p ?o } #",
    "https://w3id.org/crimekg/id/bolivia\n",
    'https://w3id.org/crimekg/id/"bolivia"',
    "https://w3id.org/crimekg/id/{bolivia}",
])
def test_hostile_iri_is_refused(seed_store: KGStore, value: str) -> None:
    with pytest.raises(QueryError, match="IRI"):
        list(seed_store.query("SELECT ?p ?o WHERE { ?s ?p ?o }", {"s": URIRef(value)}))


@pytest.mark.parametrize("name", ["s } UNION { ?x", "s\n", "s)", "1s", "s-x", ""])
def test_hostile_parameter_name_is_refused(seed_store: KGStore, name: str) -> None:
    with pytest.raises(QueryError, match="parameter name"):
        seed_store.query(LABEL_QUERY, {name: Literal("Bolivia")})


# ----------------------------------------------------------------- no network by default

@pytest.fixture()
def listener() -> Iterator[tuple[int, list[tuple[str, int]]]]:
    """A TCP listener on 127.0.0.1 recording every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits: list[tuple[str, int]] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, address = server.accept()
            except OSError:
                continue
            hits.append(address)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join()
    server.close()


def network_queries(port: int) -> list[tuple[str, str]]:
    """(id, query) pairs that would reach the network or the file system if they ran."""
    url = f"http://127.0.0.1:{port}"
    return [
        ("service", f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"),
        ("service-silent", f"SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}"),
        ("service-nested", f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}/q> {{ ?s ?q ?r }} }} }} LIMIT 1"),
        ("service-prefixed", f"PREFIX r: <{url}/> SELECT * WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}"),
        ("load", f"LOAD <{url}/data.ttl>"),
        ("load-into", f"LOAD SILENT <{url}/data.ttl> INTO GRAPH <urn:g>"),
        ("from-http", f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}"),
        ("from-file", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"),
        ("from-named-file", "SELECT * FROM NAMED <file:///etc/hostname> WHERE { GRAPH ?g { ?s ?p ?o } }"),
        ("from-relative-base", "BASE <file:///etc/> SELECT * FROM <passwd> WHERE { ?s ?p ?o }"),
    ]


NETWORK_IDS = [name for name, _ in network_queries(1)]


def query_command() -> object:
    from crimekg.graph.cli import cli

    if "query" not in cli.commands:
        pytest.fail("`crimekg query` is not registered in crimekg.graph.cli.COMMAND_MODULES")
    return cli


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from crimekg.graph.cli import cli

    path = tmp_path_factory.mktemp("injection") / "store"
    result = CliRunner().invoke(cli, ["build", "-q", "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("which", NETWORK_IDS)
def test_query_command_refuses_network_and_files(built_store: Path, listener: tuple[int, list], which: str) -> None:
    port, hits = listener
    query = dict(network_queries(port))[which]
    result = CliRunner().invoke(query_command(), ["query", "--store", str(built_store), "--sparql", query])
    assert result.exit_code == 4, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "refused" in result.stderr
    assert hits == [], f"the query connected to the listener: {hits}"


def entity_values(sparql_json: str) -> list[str]:
    """The ?entity values of a SPARQL JSON result."""
    return [b["entity"]["value"] for b in json.loads(sparql_json)["results"]["bindings"]]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_query_command_param_hostile_value(built_store: Path, value: str) -> None:
    """``crimekg query --param`` with a hostile string finds nothing; the genuine value finds Bolivia."""
    cli = query_command()
    sparql = "SELECT DISTINCT ?entity WHERE { ?entity rdfs:label ?label FILTER(STR(?label) = ?name) }"
    args = ["query", "--store", str(built_store), "--sparql", sparql, "--json"]
    genuine = CliRunner().invoke(cli, [*args, "--param", "name=Bolivia"])
    assert genuine.exit_code == 0, genuine.output
    assert entity_values(genuine.stdout) == ["https://w3id.org/crimekg/id/bolivia"]
    hostile = CliRunner().invoke(cli, [*args, "--param", f"name={value}"])
    assert hostile.exit_code == 0, hostile.output
    assert entity_values(hostile.stdout) == []
