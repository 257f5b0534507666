"""Plan a batch of documents on several cores: same results, same order, as planning them one by one.

Every document of a batch is extracted against the same knowledge (the
gazetteer, the store's entities, the blocked merges), never against what
another document of the batch minted, so its plan does not depend on which
process made it or in which order.  :func:`plan_batch` shares the work
between the calling process and ``workers - 1`` helper processes (``spawn``:
safe wherever the package is importable): each helper asks for the next
chunk of documents when it is free, and the caller plans chunks itself while
the helpers start up and work, so no core waits.  Results come back in input
order.  Batches under :data:`MIN_PARALLEL_DOCS` are planned in-process: a
helper costs one to two seconds to start, which only a large batch repays.

Helpers are off unless asked for (``CRIMEKG_INGEST_WORKERS=2``, or
``Ingestor(workers=2)``): on the 2-vCPU machine this was measured on, two
CPU-bound processes each run at half speed (``benchmarks/bench_ingest.py``
with ``--workers 1`` and ``--workers 2``), so a helper only adds its start-up
time.  On a machine with two real cores, two processes plan about twice as
fast.

Helpers only read and compute; the single store write happens in the parent
(:meth:`~crimekg.graph.ingest.pipeline.Ingestor.write`), after every document
has been validated, so a batch stays all or nothing.  The first error of any
document is raised in the parent.

>>> workers_for(10), workers_for(1000, 1), workers_for(1000, 2)
(1, 1, 2)
>>> plan_batch(list(range(5)), str, str, (), workers=1)
['0', '1', '2', '3', '4']
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from ..errors import InputError

MIN_PARALLEL_DOCS = 200
DEFAULT_WORKERS = 1  # see the module docstring: measured, helpers did not pay on the target machine
WORKERS_ENV = "CRIMEKG_INGEST_WORKERS"
CHUNK = 8


def workers_for(documents: int, requested: int | None = None) -> int:
    """How many processes (the caller included) to plan *documents* with (1: in-process only).

    *requested* (else ``$CRIMEKG_INGEST_WORKERS``, else :data:`DEFAULT_WORKERS`, at most the CPU count)
    caps it.
    """
    if requested is None:
        env = os.environ.get(WORKERS_ENV, "")
        if env and not env.isdigit():
            raise InputError(f"{WORKERS_ENV} must be a whole number, got {env!r}")
        requested = int(env) if env else min(DEFAULT_WORKERS, os.cpu_count() or 1)
    if requested <= 1 or documents < MIN_PARALLEL_DOCS:
        return 1
    return min(requested, max(2, documents // MIN_PARALLEL_DOCS))


def _serve(conn: Connection, setup: Callable[..., Any], setup_args: tuple[Any, ...]) -> None:
    """A helper process: build the planner once, then plan each chunk it is sent until told to stop."""
    try:
        planner = setup(*setup_args)
    except BaseException as exc:
        conn.send(("error", exc))
        return
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone (killed, or stopped early): nothing to do
        if message is None:
            return
        start, chunk = message
        try:
            conn.send(("done", (start, [planner(item) for item in chunk])))
        except BaseException as exc:
            conn.send(("error", exc))
            return


def plan_batch(items: Sequence[Any], planner: Callable[[Any], Any], setup: Callable[..., Any],
               setup_args: tuple[Any, ...], workers: int, progress: Callable[[int], None] | None = None) -> list[Any]:
    """``[planner(item) for item in items]``, shared between this process and ``workers - 1`` helpers.

    *setup(*setup_args)* must return, in a helper, a callable equivalent to *planner* (module-level
    and picklable, as ``spawn`` requires).  *progress* gets the number of items finished since its
    last call.
    """
    if workers > 1 and multiprocessing.parent_process() is not None:
        workers = 1  # already in a helper (or a child re-importing an unguarded main module): no nesting
    results: list[Any] = [None] * len(items)
    if workers <= 1:
        for n, item in enumerate(items):
            results[n] = planner(item)
            if progress:
                progress(1)
        return results
    context = multiprocessing.get_context("spawn")
    helpers: list[tuple[Any, Connection]] = []
    try:
        for _ in range(workers - 1):
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, setup, setup_args), daemon=True)
            process.start()
            theirs.close()
            helpers.append((process, mine))
        _share(items, planner, helpers, results, progress)
    finally:
        for process, conn in helpers:
            try:
                conn.send(None)
            except (OSError, ValueError):
                pass
            conn.close()
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
    return results


def _share(items: Sequence[Any], planner: Callable[[Any], Any], helpers: list[tuple[Any, Connection]],
           results: list[Any], progress: Callable[[int], None] | None) -> None:
    """Hand out chunks to free helpers; plan a chunk here whenever none is free; collect everything."""
    next_start = 0
    busy: set[Connection] = set()
    idle: list[Connection] = []
    conns = [conn for _process, conn in helpers]

    def receive(conn: Connection) -> None:
        try:
            kind, payload = conn.recv()
        except EOFError:
            raise InputError("an ingest worker process stopped unexpectedly") from None
        if kind == "error":
            raise payload
        busy.discard(conn)
        idle.append(conn)
        if kind == "done":
            start, done = payload
            results[start:start + len(done)] = done
            if progress:
                progress(len(done))

    while True:
        for conn in wait(conns, timeout=0):
            receive(conn)
        while idle and next_start < len(items):
            conn = idle.pop()
            conn.send((next_start, list(items[next_start:next_start + CHUNK])))
            busy.add(conn)
            next_start += CHUNK
        if next_start < len(items):
            # one document at a time here, so a helper's finished chunk is collected (and it gets more) soon
            results[next_start] = planner(items[next_start])
            if progress:
                progress(1)
            next_start += 1
        elif busy:
            for conn in wait(list(busy)):
                receive(conn)
        else:
            break  # everything planned; helpers still starting are not needed
