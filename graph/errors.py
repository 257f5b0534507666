"""Errors crimekg reports to its users, each with a documented exit code.

Every command turns a :class:`CrimekgError` into one line on stderr
(``Error: <message>``) and exits with the error's ``exit_code``.

====  ===============================================================
code  meaning
====  ===============================================================
0     success
1     validation found violations (``crimekg validate``)
2     usage error: bad option, unknown name (click's own code too)
3     input error: missing, unreadable, binary, wrongly encoded, empty
      or malformed file or data
4     query error: malformed SPARQL, refused operation, bad parameter
5     store error: store locked by another process, unreachable, corrupt
6     timeout: a query or job exceeded its time limit
====  ===============================================================

>>> raise InputError("data/x.yaml: not found")
Traceback (most recent call last):
...
crimekg.graph.errors.InputError: data/x.yaml: not found
>>> InputError("x").exit_code
3
>>> len(str(InputError("x" * 10_000)))
1000
"""

from __future__ import annotations


class CrimekgError(Exception):
    """Base class: a failure explained to the user in one line."""

    exit_code = 3
    max_length = 1000

    def __init__(self, message: str) -> None:
        text = " ".join(str(message)[: self.max_length * 4].split())
        if len(text) > self.max_length:  # messages quote user data; keep them one readable line
            text = text[: self.max_length - 3] + "..."
        super().__init__(text)


class UsageError(CrimekgError):
    """An unknown name, option value or parameter."""

    exit_code = 2


class NotFoundError(UsageError):
    """An unknown actor, query or document, with close matches in the message."""


class InputError(CrimekgError):
    """A missing, unreadable, binary, badly encoded, empty or malformed input."""

    exit_code = 3


class QueryError(CrimekgError):
    """Malformed SPARQL, a refused operation (update, SERVICE, LOAD) or a bad parameter."""

    exit_code = 4


class StoreError(CrimekgError):
    """The store is locked, unreachable or corrupt."""

    exit_code = 5


class StoreLockedError(StoreError):
    """Another process has the on-disk store open for writing."""


class QueryTimeoutError(CrimekgError):
    """A query or job ran past its time limit."""

    exit_code = 6


EXIT_CODES: dict[str, int] = {
    "success": 0,
    "violations": 1,
    "usage": UsageError.exit_code,
    "input": InputError.exit_code,
    "query": QueryError.exit_code,
    "store": StoreError.exit_code,
    "timeout": QueryTimeoutError.exit_code,
}
