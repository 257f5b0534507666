"""The README stays true: its CLI reference is the commands' --help, its commands are the CI's."""

from __future__ import annotations

from pathlib import Path

from crimekg.graph.clidocs import END, START, reference_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_matches_help() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert START in readme and END in readme, "run: python -m crimekg.graph.clidocs --write README.md"
    section = START + readme.split(START, 1)[1].split(END, 1)[0] + END
    stale = "README CLI reference is stale: python -m crimekg.graph.clidocs --write README.md"
    assert section == reference_markdown(), stale


def test_ci_runs_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```bash", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2, "the README starts with exactly two commands"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in block:
        assert command.strip() in ci, f"CI does not run the README command: {command}"
