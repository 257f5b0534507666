"""Commands: ``crimekg ingest``, ``crimekg eval`` and ``crimekg merges``."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from ..clicommon import open_cli_store, store_option
from ..output import echo_rows, output_options


def _progress(total: int, quiet: bool) -> Any:
    from tqdm import tqdm

    disable = quiet or not sys.stderr.isatty()
    return tqdm(total=total, unit="doc", file=sys.stderr, disable=disable, desc="ingest")


@click.command("ingest")
@store_option
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--review", "review_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the candidate annotations to this folder for a person to correct; the store is not touched.")
@click.option("--from-review", "from_review", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Load the (corrected) annotations of a review folder into the store.")
@click.option("--language", type=click.Choice(["en", "es"]), default=None,
              help="Language of the documents (default: detected per document).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def ingest(store: str | None, files: tuple[Path, ...], review_dir: Path | None, from_review: Path | None,
           language: str | None, quiet: bool) -> None:
    """Extract facts from new documents (.txt, .md, .html, or folders) into the graph.

    Each document gets its own named graph; every fact keeps its sentence,
    offsets, method (extracted) and confidence.  Names are resolved against
    the gazetteer and the store; merges are recorded (see `crimekg merges`).
    The batch is all or nothing: if one document is bad, nothing is written.
    Ingesting the same files again replaces their graphs.

    \b
    Examples:
      crimekg ingest press/*.html
      crimekg ingest --review review/ notes/          # write candidates to correct
      crimekg ingest --from-review review/            # load the corrected ones
    """
    from ..errors import UsageError
    from .pipeline import Ingestor, read_sources
    from .review import load_review, write_review

    if from_review is not None and (files or review_dir is not None):
        raise UsageError("--from-review takes no FILES and no --review")
    if from_review is None and not files:
        raise UsageError("give FILES (or a folder) to ingest, or --from-review DIR")
    started = time.perf_counter()
    if from_review is not None:
        items = load_review(from_review)
        sources, contents = [s for s, _ in items], {s.id: c for s, c in items}
    else:
        sources, contents = read_sources(list(files), language), None
    bar = _progress(len(sources), quiet)
    if review_dir is not None:
        ingestor = Ingestor(None)
        planned = ingestor.plan(sources, contents, progress=bar.update)
        bar.close()
        write_review(review_dir, [(p.source, p.content) for p in planned])
        if not quiet:
            click.echo(f"Wrote candidate annotations of {len(planned)} document(s) to {review_dir}; "
                       f"correct them, then: crimekg ingest --from-review {review_dir}")
        return
    with open_cli_store(store, write=True) as kg:
        ingestor = Ingestor(kg)
        planned = ingestor.plan(sources, contents, progress=bar.update)
        bar.close()
        report = ingestor.write(planned)
        spec, kind = kg.spec, kg.kind
    if not quiet:
        click.echo(f"Ingested {report.documents} document(s) into {spec} ({kind}) in "
                   f"{time.perf_counter() - started:.2f}s: {report.facts} facts, {report.quads} quads, "
                   f"{report.merges} merge(s)")
        for doc_id in report.ids:
            click.echo(f"  graph https://w3id.org/crimekg/graph/{doc_id}")


@click.command("eval")
@click.argument("gold_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--per-document", is_flag=True, help="Also one row per document and category.")
@click.option("--errors", "show_errors", is_flag=True, help="List missed and spurious items instead of scores.")
@output_options
def eval_command(gold_dir: Path, per_document: bool, show_errors: bool, fmt: str | None) -> None:
    """Score extraction against gold annotations (precision, recall, F1).

    GOLD_DIR is a folder in the data/ layout: documents.yaml, documents/,
    annotations/<id>.yaml.  Categories: entities, relations, activities.

    \b
    Examples:
      crimekg eval data/                         # the five seed documents
      crimekg eval tests/fixtures/unseen --json
    """
    from .evaluate import CATEGORIES, evaluate, score_rows

    scores = evaluate(gold_dir)
    if show_errors:
        rows = [{"document": s.document, "category": cat, "kind": kind, "item": item}
                for s in scores for cat in CATEGORIES
                for kind, items in (("missed", s.missed[cat]), ("spurious", s.spurious[cat])) for item in items]
        echo_rows(rows, fmt, ["document", "category", "kind", "item"])
        return
    echo_rows(score_rows(scores, per_document), fmt)


@click.group("merges")
def merges() -> None:
    """List and undo the merges entity resolution made while ingesting."""


@merges.command("list")
@store_option
@output_options
def merges_list(store: str | None, fmt: str | None) -> None:
    """List merges: the name, the entity it would have made, the one it joined, why, and where."""
    from .merges import list_merges

    with open_cli_store(store) as kg:
        rows = list_merges(kg)
    echo_rows(rows, fmt, ["merge", "name", "merged", "into", "reason", "document", "status"])


@merges.command("undo")
@store_option
@click.argument("merge_id")
def merges_undo(store: str | None, merge_id: str) -> None:
    """Undo merge MERGE_ID (from `crimekg merges list`): the name gets its own entity again."""
    from .merges import undo_merge

    with open_cli_store(store) as kg:
        row = undo_merge(kg, merge_id)
    click.echo(f"Undone: {row['name']!r} is {row['merged']} again (not {row['into']}) in {row['document']}")
