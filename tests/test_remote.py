"""``--store http://...`` against a real SPARQL server: the ``oxigraph`` server binary (PyPI ``oxigraph``).

The server is started on a free 127.0.0.1 port with a temporary ``--location``
and ``--union-default-graph`` (queries see every named graph, as embedded
queries do); ``crimekg build`` writes the seed graph into it over SPARQL
update, then every saved query must give the same exact rows as on the
embedded store (the cases of ``test_queries_cases.py``).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from crimekg.graph.cli import cli
from crimekg.graph.store import KGStore, open_store
from test_queries_cases import CASES, Case, run_case

pytestmark = pytest.mark.server


def oxigraph_binary() -> str | None:
    """The oxigraph server next to this Python (the venv's bin/), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    return shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph did not answer on {url} within {seconds:g}s")


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    location = tmp_path_factory.mktemp("oxigraph") / "data"
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        result = CliRunner().invoke(cli, ["build", "-q", "--store", url])
        assert result.exit_code == 0, result.output
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def remote_store(server_url: str) -> Iterator[KGStore]:
    store = open_store(server_url)
    yield store
    store.close()


def test_remote_store_holds_the_seed_graph(remote_store: KGStore, seed_store: KGStore) -> None:
    assert remote_store.kind == "sparql"
    assert remote_store.named_graphs() == seed_store.named_graphs()
    assert remote_store.count() == seed_store.count()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_saved_query_same_rows_on_the_server(remote_store: KGStore, case: Case) -> None:
    assert run_case(remote_store, case) == case.rows


def test_query_command_against_the_server(server_url: str) -> None:
    result = CliRunner().invoke(cli, ["query", "partners", "--store", server_url, "-p", "actor=Paraguay", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["head"]["vars"][:3] == ["partner", "partnerLabel", "kind"]
    assert [(b["partner"]["value"], b["kind"]["value"]) for b in data["results"]["bindings"]] == [
        ("https://w3id.org/crimekg/id/bolivia", "agreement"),
        ("https://w3id.org/crimekg/id/bolivia", "cooperation"),
    ]


def test_partners_command_against_the_server(server_url: str) -> None:
    result = CliRunner().invoke(cli, ["partners", "Paraguay", "--store", server_url, "--json"])
    assert result.exit_code == 0, result.output
    links = json.loads(result.stdout)
    assert [(link["partner_label"], link["kind"], link["via_label"]) for link in links] == [
        ("Bolivia", "agreement", "Bolivia-Paraguay bilateral agreement against human trafficking and smuggling"),
        ("Bolivia", "cooperation", None),
    ]


def test_refusals_do_not_reach_the_server(server_url: str, remote_store: KGStore) -> None:
    before = remote_store.count()
    result = CliRunner().invoke(cli, ["query", "--store", server_url, "--sparql", "DROP ALL"])
    assert result.exit_code == 4 and "refused" in result.stderr
    assert remote_store.count() == before


def test_endpoint_over_a_remote_store(server_url: str) -> None:
    """``crimekg serve --store http://...``: the workers query the remote server."""
    import requests
    from crimekg.graph.serve import start_endpoint

    with start_endpoint(server_url, "127.0.0.1", 0, timeout=30, workers=1) as running:
        response = requests.get(running.sparql_url, params={
            "query": "SELECT ?code WHERE { id:bolivia ckg:isoAlpha3 ?code }", "format": "csv"}, timeout=60)
        assert response.status_code == 200
        assert response.text.splitlines() == ["code", "BOL"]
        refused = requests.post(running.sparql_url, data={"update": "DROP ALL"}, timeout=60)
        assert refused.status_code == 403
