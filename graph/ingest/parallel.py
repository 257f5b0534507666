"""Plan a batch of documents on several cores: same results, same order, as planning them one by one.

Every document of a batch is extracted against the same knowledge (the
gazetteer, the store's entities, the blocked merges), never against what
another document of the batch minted, so its plan does not depend on which
process made it or in which order.  :func:`plan_batch` shares the work
between the calling process and ``workers - 1`` helper processes (``spawn``:
safe wherever the package is importable): each helper asks for the next
chunk of documents when it is free, and the caller plans chunks itself while
the helpers start up and work, so no core waits.  Results come back in input
order.

On Linux helpers are *forked*: they start in milliseconds with the caller's
planner (extractor, spaCy pipelines, resolver) already built, and only compute
(they never touch the store).  Elsewhere they are *spawned* (``setup`` builds
the planner again in each helper, one to two seconds).  Batches under
:data:`MIN_PARALLEL_DOCS` are planned in-process.  By default one process per
CPU is used (``CRIMEKG_INGEST_WORKERS`` or ``Ingestor(workers=...)`` set it;
1 turns helpers off).

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

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from ..errors import InputError

MIN_PARALLEL_DOCS = 24
FORK = sys.platform == "linux"  # fork is the documented default there; macOS and Windows spawn
WORKERS_ENV = "CRIMEKG_INGEST_WORKERS"
CHUNK = 8


def workers_for(documents: int, requested: int | None = None) -> int:
    """How many processes (the caller included) to plan *documents* with (1: in-process only).

    *requested* (else ``$CRIMEKG_INGEST_WORKERS``, else the CPU count) caps it; every helper gets at
    least :data:`MIN_PARALLEL_DOCS` documents.
    """
    if requested is None:
        env = os.environ.get(WORKERS_ENV, "")
        if env and not env.isdigit():
            raise InputError(f"{WORKERS_ENV} must be a whole number, got {env!r}")
        requested = int(env) if env else (os.cpu_count() or 1)
    if requested <= 1 or documents < MIN_PARALLEL_DOCS:
        return 1
    return min(requested, max(2, documents // MIN_PARALLEL_DOCS))


def _inherited(planner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The setup of a forked helper: the caller's own planner, inherited with the process memory."""
    return planner


def _serve(conn: Connection, setup: Callable[..., Any], setup_args: tuple[Any, ...],
           close: Sequence[Connection] = ()) -> None:
    """A helper process: build the planner once, then plan each chunk it is sent until told to stop.

    *close* are the caller's ends of the other helpers' pipes (inherited by a forked helper): closed at
    once, so each pipe has exactly two ends and a helper sees end-of-file when the caller is gone.
    """
    for other in close:
        other.close()
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

    *setup(*setup_args)* must return, in a spawned helper, a callable equivalent to *planner*
    (module-level and picklable); forked helpers use *planner* itself.  *progress* gets the number of
    items finished since its last call.
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
    context = multiprocessing.get_context("fork" if FORK else "spawn")
    helpers: list[tuple[Any, Connection]] = []
    if FORK:
        gc.freeze()  # the collector then never walks (and so never copies) the pages a forked helper shares
    try:
        for _ in range(workers - 1):
            mine, theirs = context.Pipe()
            ours = [conn for _process, conn in helpers]
            args = (theirs, _inherited, (planner,), [*ours, mine]) if FORK else (theirs, setup, setup_args)
            process = context.Process(target=_serve, args=args, daemon=True)
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
        if FORK:
            gc.unfreeze()
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
