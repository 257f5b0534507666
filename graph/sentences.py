"""Split document text into sentences with character offsets.

A rule-based splitter: a sentence ends at ``.``, ``?`` or ``!`` followed by
white space and an upper-case letter, digit, quote or bullet, or at a blank
line; lines of a title or list are sentences of their own.  Offsets count
Unicode code points from 0, end exclusive, and never include surrounding
white space.

>>> text = "CRIMJUST held a workshop. It lasted 2 days.\\n\\nMr. Pauwels spoke."
>>> [(s.start, s.end, s.text) for s in split_sentences(text)]
[(0, 25, 'CRIMJUST held a workshop.'), (26, 43, 'It lasted 2 days.'), (45, 63, 'Mr. Pauwels spoke.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "sr", "sra", "srta", "gen", "lic", "ing", "no", "vs", "etc", "st",
     "e.g", "i.e", "u.s", "u.n", "dra", "art", "arts", "inc", "ltd", "jr"}
)
# The white space after ``.``/``!``/``?`` (or after one closing quote or bracket that
# follows it, which stays with its sentence) before a sentence start.
_BOUNDARY = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(¿¡\-•*]?[A-ZÁÉÍÓÚÑ0-9])")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[-•*]\s)|\n")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: its text and offsets in the document."""

    start: int
    end: int
    text: str


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for match in _PARAGRAPH.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ends_with_abbreviation(chunk: str) -> bool:
    words = chunk.rstrip(".!?\"'”’) ").split()
    if not words:
        return False
    last = words[-1].lower().lstrip("(")
    return last in ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """Split *text* into :class:`Sentence` records, in document order.

    >>> [s.text for s in split_sentences("Ms. Pilar Sosa spoke. Then UNODC did.")]
    ['Ms. Pilar Sosa spoke.', 'Then UNODC did.']
    >>> [s.text for s in split_sentences('He said "Go." (See annex.) Then he left.')]
    ['He said "Go."', '(See annex.)', 'Then he left.']
    >>> split_sentences("   ")
    []
    """
    sentences: list[Sentence] = []
    for p_start, p_end in _paragraphs(text):
        cut = p_start
        for match in _BOUNDARY.finditer(text, p_start, p_end):
            if _ends_with_abbreviation(text[cut:match.start()]):
                continue
            start, end = _strip_span(text, cut, match.start())
            if end > start:
                sentences.append(Sentence(start, end, text[start:end]))
            cut = match.end()
        start, end = _strip_span(text, cut, p_end)
        if end > start:
            sentences.append(Sentence(start, end, text[start:end]))
    return sentences


def covering_span(sentences: list[Sentence], start: int, end: int) -> tuple[int, int]:
    """Offsets of the run of sentences that covers the span [start, end).

    >>> ss = split_sentences("One two. Three four. Five.")
    >>> covering_span(ss, 4, 7), covering_span(ss, 4, 14)
    ((0, 8), (0, 20))
    """
    inside = [s for s in sentences if s.end > start and s.start < end]
    if not inside:
        return start, end
    return inside[0].start, inside[-1].end
