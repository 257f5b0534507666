"""The shared vocabulary of extraction: confidences, type sets, mentions, hits, frames, small helpers.

``CONF`` says what an item's confidence means (which kind of rule made it);
:class:`Mention`, :class:`Hit` and :class:`Frame` are what the stages pass
around; :class:`Extraction` is the result of one document.

>>> CONF["cue"], _kind("Country"), _kind("City"), _valid_date("2019-02-30")
(0.9, 'ORG', 'PLACE', False)
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .resolve import MergeRecord

# Confidence of each kind of rule (what the item's confidence means).
CONF = {
    "entity": 0.95, "new-entity": 0.8, "person": 0.85, "cue": 0.9, "subject": 0.8, "verb-object": 0.75,
    "count": 0.9, "date": 0.85, "date-inferred": 0.6, "place": 0.85, "place-inferred": 0.7, "threat": 0.75,
    "threat-in-name": 0.8, "position": 0.85, "speaker": 0.65, "membership": 0.85, "party": 0.85,
    "programme": 0.8, "derived": 0.7,
}
ACTOR_TYPES = {"Country", "Region", "GovernmentAgency", "InternationalOrganization", "Network", "CivilSociety",
               "Agency", "Team", "Organization", "Person", "Actor"}
PLACE_TYPES = {"City", "Place"}
# what makes an activity worth recording: an actor, a programme, a date, a place or a count
INFORMATIVE = {"organizer", "collaborator", "facilitator", "funder", "participant", "participatingCountry", "supporter",
               "beneficiary", "underProgramme", "fundedThrough", "startDate", "location", "country",
               "participantCount"}
ACTIVITY_ROLES = {"organizer", "collaborator", "facilitator", "funder", "participant", "supporter", "beneficiary",
                  "underProgramme"}
_UPPER = re.compile(r"^[A-ZÁÉÍÓÚÑÜ][A-Za-zÁÉÍÓÚÑÜáéíóúñü.'’-]*$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,11}$")
_MIXED_ACRONYM = re.compile(r"^[A-Z][a-zA-Z]{2,9}$")
_PLURAL_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,10}s$")
_NUMBER = re.compile(r"^\d{1,6}$")
_COUNT_STOPS = frozenset({"to", "for", "in", "at", "on", "with", "para", "en", "con", "a", "al"})


@dataclass
class Mention:
    """A name found in the text, resolved to an entity key (or a threat id)."""

    start: int
    end: int
    text: str
    kind: str
    key: str
    etype: str
    new: bool = False


@dataclass
class Hit:
    """A phrase-matcher hit (cue, trigger, verb, role word)."""

    start: int
    end: int
    group: str


@dataclass
class Frame:
    """An activity or agreement the document describes."""

    key: str
    cls: str
    kind: str
    label: str
    start: int
    end: int
    sentence: int
    in_title: bool = False
    parties: list[str] = field(default_factory=list)
    dated: bool = False
    located: bool = False
    counted: bool = False
    country: bool = False
    where: str | None = None
    when: str | None = None
    until: str | None = None
    told: bool = False
    parent: str | None = None
    sibling: str | None = None
    from_dateline: bool = False


@dataclass
class Extraction:
    """Annotation content for one document, and the merges its resolution made."""

    content: dict[str, Any]
    merges: list[MergeRecord]



class _Spans:
    """Character spans, for "is this range inside one of them" in logarithmic time.

    >>> _Spans([(0, 5), (10, 20), (12, 14)]).covers(12, 15), _Spans([(0, 5)]).covers(4, 6)
    (True, False)
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        furthest = -1
        for _, end in self.spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def covers(self, start: int, end: int) -> bool:
        """True when some span contains start..end."""
        k = bisect.bisect_right(self.starts, start) - 1
        return k >= 0 and self.reach[k] >= end


def _kind(etype: str) -> str:
    if etype == "Person":
        return "PERSON"
    if etype == "Programme":
        return "PROGRAMME"
    if etype in PLACE_TYPES:
        return "PLACE"
    if etype in ACTOR_TYPES:
        return "ORG"
    return "OTHER"


def _fits_acronym(letters: str, words: list[tuple[str, bool]], slack: int = 0) -> bool:
    """True when *letters* can be spelled by prefixes of *words*, in order.

    Each content word gives at least its first letter (up to *slack* content
    words may give none); function words (``True`` in the pair) may give
    their first letter or nothing.

    >>> _fits_acronym("AIRCOP", [("Airport", False), ("Communication", False), ("Project", False)])
    True
    >>> _fits_acronym("UNODC", [(w, w in ("on", "and")) for w in "United Nations Office on Drugs and Crime".split()])
    True
    >>> _fits_acronym("RFAI", [("Iberoamerican", False), ("Network", False)])
    False
    """
    upper = [(w.upper(), function) for w, function in words]

    @cache
    def fit(li: int, wi: int, skips: int) -> bool:
        if wi == len(upper):
            return li == len(letters)
        word, function = upper[wi]
        if function or skips:
            if fit(li, wi + 1, skips - (0 if function else 1)):
                return True
        if li == len(letters):
            return False
        k = 0
        while k < len(word) and li + k < len(letters) and word[k] == letters[li + k]:
            k += 1
            if fit(li + k, wi + 1, skips):
                return True
        return False

    return bool(letters) and fit(0, 0, slack)


def _valid_date(value: str) -> bool:
    import datetime as dt

    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
        elif len(value) == 7:
            dt.date.fromisoformat(value + "-01")
        return True
    except ValueError:
        return False


def _role_predicate(role: str, m: Mention, subject_kind: str, funding: bool) -> str | None:
    """The property a cue role gives the mention *m* of a subject of *subject_kind*."""
    if m.kind == "PROGRAMME":
        if role == "funder" or (role == "underProgramme" and funding):
            return "fundedThrough"
        if role in ("underProgramme", "organizer", "collaborator") or (role == "implementer"
                                                                      and subject_kind == "activity"):
            return "underProgramme" if subject_kind != "programme" else "partOf"
        if role == "supporter":
            return "supporter"
        return None
    if m.kind not in ("ORG", "PERSON") or m.etype not in ACTOR_TYPES:
        return None
    if role == "participant":
        if m.etype == "Region":
            # "officers from Central Asia": where they come from, not who took part; the region benefits
            return "beneficiary" if subject_kind == "activity" else None
        return "participatingCountry" if m.etype == "Country" else "participant"
    if role == "underProgramme" or m.etype == "Region":
        return None  # (a region organises, funds or supports nothing: "la Oficina de UNODC para Centroamérica")
    if subject_kind == "programme" and role in ("organizer", "collaborator", "facilitator"):
        return "partner"
    if subject_kind == "agreement" and role not in ("supporter", "funder"):
        return None
    if role == "implementer" and subject_kind == "activity":
        return "organizer"  # "an operation coordinated by UNODC"
    return role
