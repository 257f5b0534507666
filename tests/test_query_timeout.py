"""`crimekg query --timeout`: the same answers as without a limit, and a runaway query stopped in time."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from crimekg.graph.cli import cli


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("qt") / "store"
    assert CliRunner().invoke(cli, ["build", "-q", "--store", str(path)]).exit_code == 0
    return path


@pytest.mark.parametrize("args", [
    ["partners", "-p", "actor=Bolivia", "--json"],
    ["--sparql", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g", "--csv"],
    ["--sparql", "ASK { ?a ckg:party id:bolivia }", "--json"],
    ["describe-entity", "-p", "entity=UNODC", "--nt"],
])
def test_same_output_with_and_without_a_limit(built: Path, args: list[str]) -> None:
    runner = CliRunner()
    plain = runner.invoke(cli, ["query", "--store", str(built), *args])
    limited = runner.invoke(cli, ["query", "--store", str(built), "--timeout", "60", *args])
    assert plain.exit_code == 0 and limited.exit_code == 0, (plain.output, limited.output)
    if "--json" in args:
        assert json.loads(limited.output) == json.loads(plain.output)
    else:
        assert sorted(limited.output.splitlines()) == sorted(plain.output.splitlines())
    assert plain.output.strip()


def test_a_runaway_query_is_stopped_near_its_limit(built: Path) -> None:
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["query", "--store", str(built), "--timeout", "1", "--sparql",
                                      "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 6, result.output
    assert "timed out after 1s" in result.output
    assert elapsed < 15  # worker start-up + 1 s, not the hours the query would take


def test_updates_take_no_timeout(built: Path) -> None:
    result = CliRunner().invoke(cli, ["query", "--store", str(built), "--allow-update", "--timeout", "5",
                                      "--sparql", "DROP ALL"])
    assert result.exit_code == 2 and "not updates" in result.output
