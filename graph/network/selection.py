"""What part of the network to build: threat, programme, actor types and a time window.

Names are resolved against the store, case-, accent- and space-insensitively:
a threat by id (``drug-trafficking``), IRI, ``threat:`` name or any of its
SKOS labels in any language, and it includes its narrower threats (``drug
trafficking`` also selects ``cocaine trafficking``); a programme by key,
IRI, label, alternative label or acronym; actor types by ckg class name
(``Organization`` includes ``GovernmentAgency``...).

Time window rule: a link's year is its hub's start year, else the earliest
year of its evidence documents.  Without ``since``/``until`` every link is
kept, dated or not; with a window, only links whose year is inside it
(bounds included) are kept, so undated links are left out.

>>> window_keeps(2018, 2010, None), window_keeps(None, None, None), window_keeps(None, 2010, None)
(True, True, False)
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import NotFoundError, UsageError
from ..gazetteer import normalise_name
from ..namespaces import CKG, ID, THREAT
from .links_fast import LABEL, C, Vocabulary, instances, local
from .reader import Lit, Reader

SKOS = "http://www.w3.org/2004/02/skos/core#"
NAME_PROPERTIES = (LABEL, SKOS + "prefLabel", SKOS + "altLabel", C + "acronym")


def window_keeps(year: int | None, since: int | None, until: int | None) -> bool:
    """Whether a link of *year* is in the window (see the module docs for undated links)."""
    if since is None and until is None:
        return True
    if year is None:
        return False
    return (since is None or year >= since) and (until is None or year <= until)


def check_window(since: int | None, until: int | None) -> None:
    """UsageError when the window is empty.

    >>> check_window(2020, 2010)
    Traceback (most recent call last):
    ...
    crimekg.graph.errors.UsageError: --since 2020 is after --until 2010
    """
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}")


def year_of(date: str | None) -> int | None:
    """Year of an ISO date, gYearMonth or gYear lexical form.

    >>> year_of("2018-11"), year_of(None), year_of("n.d.")
    (2018, None, None)
    """
    return int(date[:4]) if date and date[:4].isdigit() else None


@dataclass(frozen=True)
class Named:
    """A threat or programme chosen by name: its IRI, English label and the IRIs it stands for."""

    iri: str
    label: str
    members: frozenset[str]


def _names(reader: Reader, nodes: Iterable[str]) -> dict[str, set[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    nodes = set(nodes)
    for node in nodes:
        names[normalise_name(local(node))].add(node)
        names[normalise_name(node)].add(node)
    for p in NAME_PROPERTIES:
        for s, o in reader.scan(p):
            if s in nodes and isinstance(o, Lit):
                names[normalise_name(o.value)].add(s)
    return names


def _english_label(reader: Reader, node: str, prop: str) -> str:
    labels = [o for o in reader.objects(node, prop) if isinstance(o, Lit)]
    english = sorted(o.value for o in labels if (o.language or "").lower().startswith("en"))
    return (english or sorted(o.value for o in labels) or [local(node)])[0]


def _pick(reader: Reader, text: str, nodes: set[str], what: str, namespace: str) -> str:
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if value in nodes:
        return value
    head, sep, tail = value.partition(":")
    if sep and head in ("threat", "id") and namespace + tail in nodes:
        return namespace + tail
    names = _names(reader, nodes)
    found = sorted(names.get(normalise_name(value), set()))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise UsageError(f"{text!r} names {len(found)} {what}s: {', '.join(local(f) for f in found)}; "
                         "give the id instead")
    close = difflib.get_close_matches(normalise_name(value), list(names), n=5, cutoff=0.6)
    shown = sorted({local(n) for c in close for n in names[c]})
    hint = f"; close matches: {', '.join(shown)}" if shown else f"; {len(nodes)} {what}s known"
    raise NotFoundError(f"unknown {what} {text!r}{hint}")


def resolve_threat(reader: Reader, text: str) -> Named:
    """The threat called *text* with its narrower threats (skos:broader, transitively)."""
    threats = instances(reader, [str(CKG.Threat)])
    chosen = _pick(reader, text, threats, "threat", str(THREAT))
    children: dict[str, set[str]] = defaultdict(set)
    for narrower, broader in reader.scan(SKOS + "broader"):
        if isinstance(broader, str):
            children[broader].add(narrower)
    members = {chosen}
    todo = [chosen]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in members:
                members.add(child)
                todo.append(child)
    return Named(chosen, _english_label(reader, chosen, SKOS + "prefLabel"), frozenset(members))


def resolve_programme(reader: Reader, text: str) -> Named:
    """The programme called *text*."""
    programmes = instances(reader, [str(CKG.Programme)])
    chosen = _pick(reader, text, programmes, "programme", str(ID))
    return Named(chosen, _english_label(reader, chosen, LABEL), frozenset({chosen}))


def actor_classes(vocab: Vocabulary, names: Sequence[str] | None) -> frozenset[str] | None:
    """Class IRIs allowed by ``--actor-type`` names (with subclasses); None for all actors.

    Names are ckg class local names, case-insensitive; UsageError lists the choices.
    """
    if not names:
        return None
    by_name = {local(c).casefold(): c for c in vocab.actor_classes}
    allowed: set[str] = set()
    for name in names:
        cls = by_name.get(name.strip().casefold())
        if cls is None:
            choices = ", ".join(sorted(local(c) for c in vocab.actor_classes))
            raise UsageError(f"unknown actor type {name!r}; choose from {choices}")
        allowed |= _below(vocab, cls)
    return frozenset(allowed)


def _below(vocab: Vocabulary, cls: str) -> set[str]:
    return {c for c in vocab.actor_classes if c == cls or cls in vocab.ancestors(c)}
