"""Statistics: figures a document reports ("global cocaine production reached a record 2,304 tons in 2021").

A sentence gives a ``Statistic`` when it holds a quantity of a measured kind
(a number followed, within a few words, by a unit or counted noun of the
pattern list ``statistic_units``: tons, kilograms, hectares, cases, victims,
containers...) *and* names its source: the body after "according to"/"según"
(``source_cues``) or the person speaking in the sentence.  The record gets the measure (the words of the
quantity), its value, the year of the sentence, the place it refers to (the
first country or region of the sentence), the body it is reported by (the body
named after "according to"/"según", or the speaker of the sentence) and the
threats of the sentence.  Counts of participants are not statistics (dates.py
reads them); a figure without a source (an operation's seizures told by the
press release itself) is left alone: precision matters more than recall here.

>>> from pathlib import Path
>>> from crimekg.graph.gazetteer import load_gazetteer
>>> from crimekg.graph.ingest.extract import Extractor
>>> from crimekg.graph.ingest.textio import SourceDoc
>>> text = ("UNODC report\\n\\nVienna, 26 June 2023 - According to UNODC, global cocaine production reached a "
...         "record 2,304 tons in 2021.")
>>> content = Extractor(load_gazetteer()).extract(SourceDoc("d1", Path("d1.txt"), "t", text, "en")).content
>>> sorted(t[1:] for item in content["facts"] for t in item["triples"] if t[0].startswith("stat-"))
... # doctest: +NORMALIZE_WHITESPACE
[['measure', '2,304 tons'], ['refYear', '2021'], ['reportedBy', 'unodc'],
 ['targetsThreat', 'threat:cocaine-trafficking'], ['value', 2304]]
"""

from __future__ import annotations

import re

from ..ids import slugify
from ..sentences import Sentence
from .doc_state import DocState
from .extraction_types import CONF, Mention


class StatisticsMixin(DocState):
    """Find the figures a document reports and record them as Statistic entities."""

    _NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?![\d])|\d+(?:[.,]\d+)?)(?![\w])")
    _YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")

    def _statistics(self, index: int, sentence: Sentence, mentions: list[Mention]) -> None:
        """The statistics of one sentence (at most one record per quantity)."""
        figures = self._figures(sentence)
        source = self._source(sentence, mentions) if figures else None
        if source is None:
            return
        threats = [m for m in mentions if m.kind == "THREAT"]
        places = [m for m in mentions if m.etype in ("Country", "Region")]
        years = [(m.start(), m.group(1)) for m in self._YEAR.finditer(self.text, sentence.start, sentence.end)
                 if not self._is_dateline(m.start())]
        for start, end, value in figures:
            measure = " ".join(self.text[start:end].split())
            key = f"stat-{self.src.id}-{slugify(measure)[:40].rstrip('-')}"
            if key in self.entities:
                continue
            self.define(key, "Statistic", measure, start, end, CONF["count"])
            self.add(index, [key, "measure", measure], CONF["count"])
            self.add(index, [key, "value", value], CONF["count"])
            # the year the figure is for: the first one after it ("2,304 tons in 2021"), else the last before
            year = next((y for pos, y in years if pos > start), years[-1][1] if years else None)
            if year is not None:
                self.add(index, [key, "refYear", year], CONF["date"])
            if places:
                self.add(index, [key, "refArea", places[0].key], CONF["place"])
            self.add(index, [key, "reportedBy", source], CONF["cue"])
            for threat in threats:
                self.add(index, [key, "targetsThreat", f"threat:{threat.key}"], CONF["threat"])

    def _figures(self, sentence: Sentence) -> list[tuple[int, int, int | float]]:
        """(start, end, value) of each quantity of a measured kind in *sentence* ("2,304 tons")."""
        units = self.owner.word_regex(self.src.language, "statistic_units", r"\s+(?:[\w-]+\s+){0,2}?(?:{})\b")
        if units is None:
            return []
        found = []
        for number in self._NUMBER.finditer(self.text, sentence.start, sentence.end):
            if self._YEAR.fullmatch(number.group(1)) or self._in_date(number.start()):
                continue
            unit = units.match(self.folded, number.end())
            value = self._value(number.group(1)) if unit is not None else None
            if unit is not None and value is not None:
                found.append((number.start(), unit.end(), value))
        return found

    def _source(self, sentence: Sentence, mentions: list[Mention]) -> str | None:
        """The body a sentence's figures come from: named after "according to"/"según", or the speaker."""
        cue = self.owner.word_regex(self.src.language, "source_cues", r"\b(?:{})\s+(?:(?:the|el|la|los|las)\s+)?")
        if cue is not None:
            for m in cue.finditer(self.folded, sentence.start, sentence.end):
                body = next((x for x in mentions if x.start >= m.end() and x.kind == "ORG"
                             and x.etype not in ("Country", "Region", "City")
                             and not self.folded[m.end():x.start].strip(" ,")), None)
                if body is not None:
                    return body.key
        speaker = next((x for x in mentions if x.kind == "PERSON"), None)
        if speaker is not None and any(h.group == "SPEECH" for h in self._in(self.hits, sentence)):
            return speaker.key
        return None

    def _in_date(self, start: int) -> bool:
        """True when position *start* lies inside a date expression."""
        return any(s <= start < e for s, e, _first, _last in self.dates)

    @staticmethod
    def _value(text: str) -> int | float | None:
        """The number a figure writes ("2,304", "2.304", "1.5", "96").

        >>> StatisticsMixin._value("2,304"), StatisticsMixin._value("95 008"), StatisticsMixin._value("1,5")
        (2304, 95008, 1.5)
        """
        if re.fullmatch(r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+", text):
            return int(re.sub(r"[.,\u00a0\u202f ]", "", text))
        try:
            return float(text.replace(",", ".")) if re.search(r"[.,]", text) else int(text)
        except ValueError:
            return None
