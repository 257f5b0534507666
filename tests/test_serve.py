"""``crimekg serve``: the read-only SPARQL 1.1 Protocol endpoint, with a real client (SPARQLWrapper).

Everything listens on 127.0.0.1 only; every wait is bounded.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from crimekg.graph.cli import cli
from crimekg.graph.namespaces import GRAPH
from crimekg.graph.queries import library
from crimekg.graph.serve import RunningEndpoint, start_endpoint
from crimekg.graph.store import KGStore, open_store
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

pytestmark = pytest.mark.server

# The programmes of the seed documents (the gazetteer holds more reference programmes), in IRI order.
PROGRAMMES = """SELECT ?programme ?label WHERE {
  VALUES ?programme { id:cocaine-route-programme id:crimjust id:crimjust-capacity-component id:el-paccto }
  ?programme a ckg:Programme ; rdfs:label ?label FILTER(LANG(?label) = "en") } ORDER BY ?programme"""
PROGRAMME_ROWS = [
    ("https://w3id.org/crimekg/id/cocaine-route-programme", "Cocaine Route Programme"),
    ("https://w3id.org/crimekg/id/crimjust", "CRIMJUST"),
    ("https://w3id.org/crimekg/id/crimjust-capacity-component",
     "CRIMJUST component to strengthen capacities of criminal justice institutions"),
    ("https://w3id.org/crimekg/id/el-paccto", "EL PAcCTO"),
]
# Three nested copies of the store's quads: far too many solutions to count in seconds.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 3.0


@pytest.fixture(scope="module")
def endpoint() -> Iterator[RunningEndpoint]:
    with start_endpoint("memory", "127.0.0.1", 0, timeout=TIMEOUT, workers=3) as running:
        yield running


def client(endpoint: RunningEndpoint, query: str, fmt: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint.sparql_url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setTimeout(30)
    return sparql


def json_rows(data: dict) -> list[tuple[str, ...]]:
    return [tuple(b[v]["value"] for v in data["head"]["vars"]) for b in data["results"]["bindings"]]


# ----------------------------------------------------------------------------- a standard client


def test_select_json_with_sparqlwrapper(endpoint: RunningEndpoint) -> None:
    data = client(endpoint, PROGRAMMES).queryAndConvert()
    assert data["head"]["vars"] == ["programme", "label"]
    assert json_rows(data) == PROGRAMME_ROWS
    assert data["results"]["bindings"][1]["label"] == {"type": "literal", "value": "CRIMJUST", "xml:lang": "en"}


def test_select_xml_csv_tsv_with_sparqlwrapper(endpoint: RunningEndpoint) -> None:
    document = client(endpoint, PROGRAMMES, XML).queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert uris == [iri for iri, _ in PROGRAMME_ROWS]
    text = client(endpoint, PROGRAMMES, CSV).queryAndConvert().decode("utf-8")
    assert list(csv.reader(io.StringIO(text))) == [["programme", "label"], *map(list, PROGRAMME_ROWS)]
    tsv = client(endpoint, PROGRAMMES, TSV).queryAndConvert().decode("utf-8").splitlines()
    assert tsv[0] == "?programme\t?label"
    assert tsv[2] == '<https://w3id.org/crimekg/id/crimjust>\t"CRIMJUST"@en'


def test_post_form_and_post_directly(endpoint: RunningEndpoint) -> None:
    for method in ("form", "direct"):
        sparql = client(endpoint, PROGRAMMES)
        sparql.setMethod(POST)
        if method == "direct":
            sparql.setRequestMethod(POSTDIRECTLY)
        assert json_rows(sparql.queryAndConvert()) == PROGRAMME_ROWS, method


def test_ask_and_construct(endpoint: RunningEndpoint) -> None:
    ask = client(endpoint, "ASK { ?agreement ckg:party id:bolivia , id:peru }").queryAndConvert()
    assert ask == {"head": {}, "boolean": True}
    construct = ('CONSTRUCT { ?s ckg:isoAlpha2 ?code } WHERE { ?s ckg:isoAlpha2 ?code '
                 'FILTER(?code IN ("BO", "PE")) }')
    for fmt in (TURTLE, N3):
        graph = client(endpoint, construct, fmt).queryAndConvert()
        graph = graph if isinstance(graph, Graph) else Graph().parse(data=graph, format="turtle")
        assert sorted((str(s), str(o)) for s, _, o in graph) == [
            ("https://w3id.org/crimekg/id/bolivia", "BO"), ("https://w3id.org/crimekg/id/peru", "PE")]
    nt = requests.get(endpoint.sparql_url, params={"query": construct}, headers={"Accept": "application/n-triples"},
                      timeout=30)
    assert nt.headers["Content-Type"].startswith("application/n-triples")
    assert nt.text.splitlines()[0] == ("<https://w3id.org/crimekg/id/bolivia> "
                                       "<https://w3id.org/crimekg/ontology#isoAlpha2> \"BO\" .")


def test_malformed_query_is_400(endpoint: RunningEndpoint) -> None:
    with pytest.raises(QueryBadFormed):
        client(endpoint, "SELECT ?x WHERE { ?x ").queryAndConvert()


def test_updates_are_refused(endpoint: RunningEndpoint) -> None:
    sparql = client(endpoint, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    sparql.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as refused:
        sparql.query()
    assert refused.value.code == 403
    for response in (
        requests.post(endpoint.sparql_url, data={"update": "DROP ALL"}, timeout=30),
        requests.post(endpoint.sparql_url, data="DROP ALL", headers={"Content-Type": "application/sparql-update"},
                      timeout=30),
        requests.post(endpoint.url + "/update", data={"update": "CLEAR ALL"}, timeout=30),
        requests.post(endpoint.sparql_url, data={"query": "DROP ALL"}, timeout=30),
        requests.get(endpoint.sparql_url, params={"query": "LOAD <http://127.0.0.1:9/x.ttl>"}, timeout=30),
    ):
        assert response.status_code == 403, response.text
        assert "read-only" in response.text or "refused" in response.text
    assert json_rows(client(endpoint, PROGRAMMES).queryAndConvert()) == PROGRAMME_ROWS
    for method in ("PUT", "DELETE", "PATCH"):
        response = requests.request(method, endpoint.sparql_url, data="x", timeout=30)
        assert response.status_code == 405 and "GET" in response.headers["Allow"]


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT ?endpoint { ?s ?q ?r } } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_service_load_and_external_from_are_refused(endpoint: RunningEndpoint, query: str) -> None:
    response = requests.post(endpoint.sparql_url, data={"query": query}, timeout=30)
    assert response.status_code == 403
    assert response.text.startswith("Refused: ")


def test_a_literal_that_mentions_service_is_just_text(endpoint: RunningEndpoint) -> None:
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/> { } LOAD <file:///etc/passwd>" AS ?x) } # DROP ALL'
    response = requests.get(endpoint.sparql_url, params={"query": query, "format": "csv"}, timeout=30)
    assert response.status_code == 200
    assert response.text.splitlines() == ["x", "SERVICE <http://127.0.0.1:9/> { } LOAD <file:///etc/passwd>"]


# ----------------------------------------------------------------------------- negotiation


@pytest.mark.parametrize(("accept", "fmt", "media"), [
    ("application/sparql-results+json", None, "application/sparql-results+json"),
    ("application/json", None, "application/sparql-results+json"),
    ("application/sparql-results+xml", None, "application/sparql-results+xml"),
    ("text/csv;q=0.9, text/tab-separated-values", None, "text/tab-separated-values"),
    ("text/html, text/*;q=0.5", None, "text/csv"),
    ("*/*", None, "application/sparql-results+json"),
    (None, None, "application/sparql-results+json"),
    ("application/sparql-results+json", "csv", "text/csv"),
    (None, "tsv", "text/tab-separated-values"),
    (None, "application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_content_negotiation(endpoint: RunningEndpoint, accept: str | None, fmt: str | None, media: str) -> None:
    params = {"query": PROGRAMMES, **({"format": fmt} if fmt else {})}
    headers = {"Accept": accept} if accept else {}
    if accept is None:
        headers["Accept"] = ""
    response = requests.get(endpoint.sparql_url, params=params, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == media


def test_not_acceptable(endpoint: RunningEndpoint) -> None:
    select = requests.get(endpoint.sparql_url, params={"query": PROGRAMMES}, headers={"Accept": "text/turtle"},
                          timeout=30)
    assert select.status_code == 406
    construct = requests.get(endpoint.sparql_url, params={"query": "CONSTRUCT WHERE { ?s a ckg:Programme }",
                                                          "format": "csv"}, timeout=30)
    assert construct.status_code == 406


def test_protocol_dataset_and_from(endpoint: RunningEndpoint, seed_store: KGStore) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    doc3 = str(GRAPH["doc-003"])
    expected = str(seed_store.count(URIRef(doc3)))
    by_protocol = requests.get(endpoint.sparql_url, params={"query": count, "default-graph-uri": doc3}, timeout=30)
    assert json_rows(by_protocol.json()) == [(expected,)]
    by_from = requests.get(endpoint.sparql_url, params={
        "query": "SELECT (COUNT(*) AS ?n) FROM graph:doc-003 WHERE { ?s ?p ?o }"}, timeout=30)
    assert json_rows(by_from.json()) == [(expected,)]
    union = requests.get(endpoint.sparql_url, params={"query": count}, timeout=30)
    assert json_rows(union.json()) == [(str(seed_store.count()),)]


# ----------------------------------------------------------------------------- page, saved queries, errors


def test_query_page_is_offline_html(endpoint: RunningEndpoint) -> None:
    page = requests.get(endpoint.url + "/", timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page.text and "fetch(" in page.text
    assert "://" not in page.text, "the page must not load anything from the network"
    assert "src=" not in page.text and "<link" not in page.text


def test_saved_queries_listed_and_run(endpoint: RunningEndpoint) -> None:
    listed = requests.get(endpoint.url + "/queries", timeout=30).json()
    assert [q["name"] for q in listed] == sorted(library())
    partners = requests.get(endpoint.url + "/queries/partners", params={"actor": "Paraguay", "format": "csv"},
                            timeout=30)
    assert partners.status_code == 200
    rows = list(csv.reader(io.StringIO(partners.text)))
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        ("https://w3id.org/crimekg/id/bolivia", "agreement",
         "https://w3id.org/crimekg/id/agr-bolivia-paraguay-trafficking"),
        ("https://w3id.org/crimekg/id/bolivia", "cooperation", ""),
    ]
    assert requests.get(endpoint.url + "/queries/no-such-query", timeout=30).status_code == 404
    assert requests.get(endpoint.url + "/queries/..%2F..%2Fetc%2Fpasswd", timeout=30).status_code == 404
    missing = requests.get(endpoint.url + "/queries/partners", timeout=30)
    assert missing.status_code == 400 and "needs --param actor" in missing.text


def test_errors(endpoint: RunningEndpoint) -> None:
    assert requests.get(endpoint.url + "/nothing-here", timeout=30).status_code == 404
    assert requests.get(endpoint.sparql_url, timeout=30).status_code == 400
    too_big = requests.post(endpoint.sparql_url, data={"query": "#" * (1 << 21)}, timeout=30)
    assert too_big.status_code == 413
    twice = requests.get(endpoint.sparql_url + "?query=ASK%7B%7D&query=ASK%7B%7D", timeout=30)
    assert twice.status_code == 400


# ----------------------------------------------------------------------------- timeout and concurrency


def test_timeout_kills_the_worker_and_the_endpoint_keeps_answering(endpoint: RunningEndpoint) -> None:
    restarts = endpoint.pool.restarts
    response = requests.post(endpoint.sparql_url, data={"query": ENDLESS}, timeout=TIMEOUT + 30)
    assert response.status_code == 503
    assert "timed out" in response.text
    assert response.elapsed.total_seconds() < TIMEOUT + 10
    assert endpoint.pool.restarts == restarts + 1
    for _ in range(4):  # more queries than workers: the replacement worker serves too
        assert json_rows(client(endpoint, PROGRAMMES).queryAndConvert()) == PROGRAMME_ROWS


def test_concurrent_clients(endpoint: RunningEndpoint) -> None:
    results: list[object] = []
    errors: list[BaseException] = []
    count_query = 'SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ckg:Country ; ckg:isoAlpha2 "BO" }'

    def work(index: int) -> None:
        try:
            for round_ in range(4):
                if (index + round_) % 2:
                    results.append(json_rows(client(endpoint, PROGRAMMES).queryAndConvert()))
                else:
                    results.append(json_rows(client(endpoint, count_query).queryAndConvert()))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert len(results) == 40
    assert all(r in (PROGRAMME_ROWS, [("1",)]) for r in results)
    assert sum(r == PROGRAMME_ROWS for r in results) == 20


# ----------------------------------------------------------------------------- an on-disk store


def test_disk_store_is_locked_while_serving_and_intact_after_a_killed_worker(tmp_path: Path) -> None:
    path = tmp_path / "store"
    assert CliRunner().invoke(cli, ["build", "-q", "--store", str(path)]).exit_code == 0
    with open_store(str(path)) as kg:
        before = kg.count()
    with start_endpoint(str(path), "127.0.0.1", 0, timeout=1.0, workers=1) as running:
        locked = CliRunner().invoke(cli, ["build", "-q", "--store", str(path)])
        assert locked.exit_code == 5 and "locked" in locked.stderr
        killed = requests.post(running.sparql_url, data={"query": ENDLESS}, timeout=60)
        assert killed.status_code == 503
        answer = requests.get(running.sparql_url, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                              timeout=60)
        assert json_rows(answer.json()) == [(str(before),)]
    with open_store(str(path)) as kg:
        assert kg.count() == before


def test_a_query_that_needs_too_much_memory_gets_503_and_a_new_worker() -> None:
    with start_endpoint("memory", "127.0.0.1", 0, timeout=30, workers=1, max_memory_mb=400) as running:
        query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
        hungry = requests.post(running.sparql_url, data={"query": query}, timeout=90)
        assert hungry.status_code == 503 and "memory" in hungry.text
        assert running.pool.restarts == 1
        assert json_rows(client(running, PROGRAMMES).queryAndConvert()) == PROGRAMME_ROWS


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 5
    assert "run `crimekg build` first" in result.stderr


def test_serve_help_teaches() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for word in ("--host", "--port", "--timeout", "read-only", "127.0.0.1"):
        assert word in result.output
    assert json.dumps  # keep the import used for readers adding JSON checks
