"""Options and helpers shared by every crimekg command.

>>> import click
>>> @click.command()
... @store_option
... def show(store: str | None) -> None:
...     click.echo(store)
>>> from click.testing import CliRunner
>>> CliRunner().invoke(show, ["--store", "memory"]).output
'memory\\n'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from .errors import StoreError
from .store import KGStore, default_store_path, open_store

F = TypeVar("F", bound=Callable[..., Any])

STORE_HELP = (
    "Where the graph is: a directory (embedded Oxigraph store), 'memory' (built from the packaged "
    "data on the fly) or a SPARQL 1.1 server URL (http://host:7878 for an Oxigraph server). "
    "Default: $CRIMEKG_STORE, else ~/.local/share/crimekg/store."
)


def store_option(func: F) -> F:
    """Add ``--store SPEC`` (env ``CRIMEKG_STORE``) to a command."""
    return click.option("--store", "store", envvar="CRIMEKG_STORE", default=None, metavar="SPEC",
                        help=STORE_HELP)(func)


def open_cli_store(spec: str | None, *, write: bool = False) -> KGStore:
    """Open the store for a command.

    ``memory`` is filled from the packaged data first (unless opened to write).  An on-disk store that
    does not exist yet is an error for reading commands, with the fix.
    """
    from pathlib import Path

    from .build import build

    if spec == "memory":
        store = open_store("memory")
        if not write:
            build(store)
        return store
    if spec is None or not spec.startswith(("http://", "https://")):
        path = Path(spec).expanduser() if spec else default_store_path()
        if not write and not path.exists():
            raise StoreError(f"{path}: no store here yet; run `crimekg build` first (or pass --store memory)")
        return open_store(str(path), read_only=False)
    return open_store(spec)
