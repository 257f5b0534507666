"""Colours, shapes and legend names of actor types and relation kinds.

Order matters for relation kinds: an edge carrying several kinds is drawn in
the colour of the first of its kinds in :data:`KIND_STYLES` (the most specific
relation wins over plain co-activity).

>>> type_style("Country").colour
'#4e79a7'
>>> primary_kind(["co-activity", "agreement"])
'agreement'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class TypeStyle:
    """How nodes of one actor type look: fill colour, vis-network shape, legend name."""

    colour: str
    shape: str
    name: str


@dataclass(frozen=True)
class KindStyle:
    """How edges of one relation kind look: colour, dash pattern, legend name."""

    colour: str
    dashes: bool
    name: str


TYPE_STYLES: dict[str, TypeStyle] = {
    "Country": TypeStyle("#4e79a7", "dot", "Country"),
    "GovernmentAgency": TypeStyle("#f28e2b", "square", "Government agency"),
    "InternationalOrganization": TypeStyle("#e15759", "diamond", "International organisation"),
    "Network": TypeStyle("#76b7b2", "triangle", "Network"),
    "CivilSociety": TypeStyle("#59a14f", "star", "Civil society"),
    "Agency": TypeStyle("#edc948", "triangleDown", "Agency"),
    "Team": TypeStyle("#b07aa1", "hexagon", "Team"),
    "Person": TypeStyle("#ff9da7", "dot", "Person"),
    "Region": TypeStyle("#9c755f", "hexagon", "Region"),
    "Programme": TypeStyle("#bab0ac", "square", "Programme"),
    "City": TypeStyle("#86bcb6", "dot", "City"),
}
"""Known ckg classes (local names).  Other types get a colour from :data:`FALLBACK_COLOURS`."""

FALLBACK_COLOURS: tuple[str, ...] = ("#8cd17d", "#d37295", "#a0cbe8", "#ffbe7d", "#d4a6c8", "#79706e")

KIND_STYLES: dict[str, KindStyle] = {
    "agreement": KindStyle("#d62728", False, "Agreement"),
    "funding": KindStyle("#e6a100", False, "Funding"),
    "membership": KindStyle("#2ca02c", False, "Membership"),
    "programme": KindStyle("#9467bd", False, "Programme"),
    "cooperation": KindStyle("#1f77b4", False, "Cooperation"),
    "organisation": KindStyle("#8c564b", True, "Organisation"),
    "position": KindStyle("#e377c2", True, "Position"),
    "co-activity": KindStyle("#7f7f7f", False, "Co-activity"),
}
"""Relation kinds of the cooperation graph, most specific first."""

UNKNOWN_KIND = KindStyle("#555555", True, "Other")


def type_style(type_name: str, index: int = 0) -> TypeStyle:
    """Style of an actor type; unknown types cycle through the fallback colours.

    >>> type_style("Workshop", 1).shape
    'dot'
    """
    if type_name in TYPE_STYLES:
        return TYPE_STYLES[type_name]
    colour = FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)]
    return TypeStyle(colour, "dot", type_name or "Unknown")


def kind_style(kind: str) -> KindStyle:
    """Style of a relation kind (unknown kinds are dashed dark grey).

    >>> kind_style("funding").name
    'Funding'
    """
    style = KIND_STYLES.get(kind)
    if style is None:
        return KindStyle(UNKNOWN_KIND.colour, UNKNOWN_KIND.dashes, kind)
    return style


def primary_kind(kinds: Iterable[str]) -> str | None:
    """The kind that decides an edge's colour: the first of ``kinds`` in precedence order.

    >>> primary_kind(["co-activity"])
    'co-activity'
    >>> primary_kind([]) is None
    True
    """
    present = list(kinds)
    for kind in KIND_STYLES:
        if kind in present:
            return kind
    return present[0] if present else None
