"""The core CLI: build, stats, validate, export, and their errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from crimekg.graph.cli import cli
from crimekg.graph.resources import data_dir
from rdflib import Dataset, Graph


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_teaches() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for word in ("build", "stats", "validate", "export", "Exit codes"):
        assert word in result.output


def test_build_then_stats_then_validate(tmp_path: Path) -> None:
    store = str(tmp_path / "kg")
    result = run("build", "--store", store)
    assert result.exit_code == 0, result.output
    assert "Built 5 documents" in result.output
    stats = run("stats", "--store", store, "--json")
    rows = json.loads(stats.output)
    assert {r["graph"].rsplit("/", 1)[-1] for r in rows} >= {"doc-000", "doc-004", "gazetteer", "ontology"}
    validate = run("validate", "--store", store)
    assert validate.exit_code == 0, validate.output


def test_validate_exits_1_on_violations(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    path = data / "annotations" / "doc-003.yaml"
    text = path.read_text(encoding="utf-8")
    assert "femaleParticipantCount, 6]" in text
    path.write_text(text.replace("femaleParticipantCount, 6]", "femaleParticipantCount, 60]"), encoding="utf-8")
    store = str(tmp_path / "kg")
    assert run("build", "--store", store, "--data", str(data), "-q").exit_code == 0
    result = run("validate", "--store", store, "--csv")
    assert result.exit_code == 1
    assert "women plus men exceed the participant count" in result.output


def test_export_formats_round_trip(tmp_path: Path) -> None:
    store = str(tmp_path / "kg")
    run("build", "--store", store, "-q")
    for fmt, parser in (("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")):
        out = tmp_path / f"x.{fmt}"
        assert run("export", "--store", store, "--format", fmt, "-o", str(out)).exit_code == 0
        dataset = Dataset()
        dataset.parse(out, format=parser)
        assert len({g.identifier for g in dataset.graphs()}) >= 7, fmt
    out = tmp_path / "x.ttl"
    run("export", "--store", store, "--format", "ttl", "-o", str(out))
    assert len(Graph().parse(out, format="turtle")) > 5000


def test_reading_a_store_that_does_not_exist_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 5
    assert result.output.count("\n") == 1 and "run `crimekg build` first" in result.output


def test_build_with_missing_data_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--store", "memory", "--data", str(tmp_path / "none")])
    assert result.exit_code == 3
    assert "no such file" in result.output
