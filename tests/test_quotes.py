"""The fast quote finder gives exactly the matches of the regular expression it replaces."""

from __future__ import annotations

import re

from crimekg.graph.quotes import find_quote, occurrence_at
from hypothesis import given, settings
from hypothesis import strategies as st


def regex_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """The reference: ``word1\\s+word2...`` matched left to right."""
    words = quote.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    return [m.span() for m in pattern.finditer(text)]


ALPHABET = st.sampled_from(["a", "b", "ab", " ", "  ", "\n", "\t", "\u00a0", ".", "é", "\u2028"])
texts = st.lists(ALPHABET, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts, texts)
def test_every_occurrence_matches_the_regex(text: str, quote: str) -> None:
    spans = regex_spans(text, quote)
    for n, span in enumerate(spans, start=1):
        assert find_quote(text, quote, n) == span
        assert occurrence_at(text, quote, span[0]) == n
    assert find_quote(text, quote, len(spans) + 1) is None


def test_a_quote_across_a_line_break_is_found_with_original_offsets() -> None:
    text = "UNODC held a\n  workshop. UNODC held a workshop."
    assert find_quote(text, "held a workshop") == (6, 23)
    assert find_quote(text, "held a workshop", 2) == (31, 46)
    assert text[31:46] == "held a workshop"
