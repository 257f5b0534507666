"""Find quotes in a document text with white space folded, fast.

A quote matches wherever the text has the same words separated by any run of
white space (``"a b"`` matches ``"a\\n  b"``): exactly the regular expression
``word1\\s+word2...`` with its matches counted left to right, without
compiling a regular expression for each quote.  The text is folded once
(every run of white space becomes one space, with a map back to the original
offsets) and each quote is looked up with ``str.find``.

>>> find_quote("a  b c a\\nb", "a b", 2)
(7, 10)
>>> find_quote("abc", "x") is None
True
>>> occurrence_at("a b, a b, a b", "a b", 5)
2
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

_WORD = re.compile(r"\S+")


class FoldedText:
    """A text with every run of white space folded to one space, and the way back to original offsets.

    >>> f = FoldedText("x \\n y")
    >>> f.folded, f.original(2), f.original(3)
    ('x y', 4, 5)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [m.span() for m in _WORD.finditer(text)]
        self.starts: list[int] = []  # where each word starts in the folded text
        self.origins: list[int] = []  # where it starts in the original text
        position = 0
        for start, end in spans:
            self.starts.append(position)
            self.origins.append(start)
            position += end - start + 1
        self.folded = " ".join(text[s:e] for s, e in spans)

    def original(self, folded: int) -> int:
        """The original offset of folded offset *folded* (inside a word, or just past one)."""
        k = bisect_right(self.starts, folded) - 1
        if k < 0:
            return 0
        return self.origins[k] + (folded - self.starts[k])

    def matches(self, quote: str) -> Iterator[tuple[int, int]]:
        """Original (start, end) of each non-overlapping match of *quote*, left to right."""
        words = quote.split()
        if not words:
            return
        needle = " ".join(words)
        folded = self.folded
        at = folded.find(needle)
        while at >= 0:
            end = at + len(needle)
            yield self.original(at), self.original(end - 1) + 1
            at = folded.find(needle, end)


@lru_cache(maxsize=16)
def folded_text(text: str) -> FoldedText:
    """The folded form of *text* (the last few texts are kept: one document is looked up many times)."""
    return FoldedText(text)


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Offsets of the *occurrence*-th match of *quote* in *text*, white space folded (None if absent)."""
    for index, span in enumerate(folded_text(text).matches(quote), start=1):
        if index == occurrence:
            return span
    return None


def occurrence_at(text: str, quote: str, start: int) -> int:
    """Which match (1-based) of *quote* in *text* is the first to start at or after *start* (at least 1)."""
    n = 0
    for n, (begin, _end) in enumerate(folded_text(text).matches(quote), start=1):
        if begin >= start:
            return n
    return max(n, 1)
