"""One set of output options for every listing command (like sqlite-utils).

``--format table|csv|tsv|json|jsonl`` with the shortcuts ``--csv``, ``--tsv``,
``--json`` and ``--jsonl``; tables are aligned plain text.

>>> print(render_rows([{"a": 1, "b": "x"}, {"a": 22, "b": None}], "table"))
a   b
--  -
1   x
22
>>> print(render_rows([{"a": 1, "b": "x,y"}], "csv").strip())
a,b
1,"x,y"
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

FORMATS = ("table", "csv", "tsv", "json", "jsonl")
F = TypeVar("F", bound=Callable[..., Any])


def output_options(func: F) -> F:
    """Decorate a click command with --format and its shortcut flags; adds ``fmt``."""
    options = [
        click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                     help="Output format (default: table)."),
        click.option("--csv", "fmt", flag_value="csv", help="Shortcut for --format csv."),
        click.option("--tsv", "fmt", flag_value="tsv", help="Shortcut for --format tsv."),
        click.option("--json", "fmt", flag_value="json", help="Shortcut for --format json."),
        click.option("--jsonl", "fmt", flag_value="jsonl",
                     help="Shortcut for --format jsonl (one JSON object a line)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def render_rows(rows: Sequence[dict[str, Any]], fmt: str | None, columns: Sequence[str] | None = None) -> str:
    """Render dict rows in one of :data:`FORMATS`."""
    fmt = fmt or "table"
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2, default=str)
    if fmt == "jsonl":
        return "\n".join(json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False, default=str) for r in rows)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return buffer.getvalue()
    cells = [[_cell(r.get(c)).replace("\n", " ") for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def echo_rows(rows: Sequence[dict[str, Any]], fmt: str | None, columns: Sequence[str] | None = None) -> None:
    """Print rows to stdout in the chosen format."""
    text = render_rows(rows, fmt, columns)
    click.echo(text, nl=not text.endswith("\n"))
