"""Dates and participant counts of a document.

Reads dates ("24-25 July 2019", "el 23 de septiembre de 2012"), their years
for dates that omit them, the dateline that opens the body, the verbs that say
when something happened ("took place", "se celebró"), and participant counts
("26 prosecutors", "some nineteen (19) participants, including six (6) women").

>>> from pathlib import Path
>>> from crimekg.graph.gazetteer import load_gazetteer
>>> from crimekg.graph.ingest.extract import Extractor
>>> from crimekg.graph.ingest.textio import SourceDoc
>>> text = ("UNODC holds workshop in Panama\\n\\nPanama City, 24-25 July 2019 - Some 26 prosecutors, including "
...         "nine women, attended a workshop organized by UNODC.")
>>> content = Extractor(load_gazetteer()).extract(SourceDoc("d1", Path("d1.txt"), "t", text, "en")).content
>>> triples = sorted(t for item in content["facts"] for t in item["triples"])
>>> [t[1:] for t in triples if t[1].endswith(("Date", "Count"))]  # doctest: +NORMALIZE_WHITESPACE
[['endDate', '2019-07-25'], ['femaleParticipantCount', 9], ['participantCount', 26],
 ['startDate', '2019-07-24']]
"""

from __future__ import annotations

import re

from ..sentences import Sentence
from .doc_state import DocState
from .extraction_types import _COUNT_STOPS, _NUMBER, _valid_date


class DatesMixin(DocState):
    """Dates, datelines and participant counts."""

    def _collect_years(self) -> None:
        for match in re.finditer(r"\b(19[89]\d|20[0-4]\d)\b", self.folded):
            self.years.append((match.start(), int(match.group(1))))

    def _year_before(self, pos: int) -> int | None:
        years = [y for p, y in self.years if p <= pos + 40]
        return years[-1] if years else None

    def _dates(self) -> list[tuple[int, int, str, str | None]]:
        """(start, end, startDate, endDate) of every date expression, earliest pattern first."""
        found: list[tuple[int, int, str, str | None]] = []
        taken: list[tuple[int, int]] = []
        # every date expression has digits: only look around them
        windows: list[list[int]] = []
        for digits in re.finditer(r"\d+", self.folded):
            lo, hi = max(0, digits.start() - 60), digits.end() + 60
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = hi
            else:
                windows.append([lo, hi])
        for regex in self.p.dates:
            for m in (m for lo, hi in windows for m in regex.finditer(self.folded, lo, hi)):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                g = m.groupdict()
                m1 = self.p.months.get(g.get("m1") or "") or (int(g["mn1"]) if g.get("mn1") else None)
                y1 = g.get("y1")
                year = int(y1) if y1 else None
                if year is None and m1 is not None:
                    year = self._year_before(m.start())
                if year is None:
                    continue
                d1 = g.get("d1")
                if m1 is None:
                    start_value: str = f"{year:04d}"
                    end_value = None
                elif d1 is None:
                    start_value, end_value = f"{year:04d}-{m1:02d}", None
                else:
                    start_value = f"{year:04d}-{m1:02d}-{int(d1):02d}"
                    d2 = g.get("d2")
                    m2 = self.p.months.get(g.get("m2") or "") or m1
                    end_value = f"{year:04d}-{m2:02d}-{int(d2):02d}" if d2 else None
                if not _valid_date(start_value) or (end_value and not _valid_date(end_value)):
                    continue
                if end_value and end_value < start_value:
                    continue
                found.append((m.start(), m.end(), start_value, end_value))
                taken.append((m.start(), m.end()))
        found.sort()
        return found

    def _is_dateline(self, start: int) -> bool:
        """True for a date that opens the body as its dateline ("Colombo (Sri Lanka), 6 March 2020 -")."""
        if len(self.sentences) < 2:
            return False
        body = self.sentences[self.head_end + 1] if self.head_end + 1 < len(self.sentences) else self.sentences[1]
        if not body.start <= start < body.start + 40:
            return False
        end = next((e for s, e, _f, _l in self.dates if s == start), start)
        return re.match(r"\s*([-–—:]|\.-|\.\s|\.$)", self.folded[end:end + 3]) is not None

    def _date_verb(self, sentence: Sentence) -> bool:
        """True when the sentence says when something happened ("took place", "se celebró")."""
        pattern = self.owner.date_verbs(self.src.language)
        return pattern is not None and pattern.search(self.folded, sentence.start, sentence.end) is not None

    def _background_date(self, start: int) -> bool:
        """True for a date that says when something began ("Launched in 2004, the CCP ...", "desde el año
        2011"): the history of a programme, not the date of the activity told."""
        pattern = self.owner.word_regex(self.src.language, "background_date_words", r"\b(?:{})\s+$")
        if pattern is None:
            return False
        # the date may hold its preposition ("in 2004", "desde el año 2011"): look up to its first digit
        digit = re.compile(r"\d").search(self.folded, start, start + 20)
        end = digit.start() if digit is not None else start
        return pattern.search(self.folded, max(0, start - 30), end) is not None

    _COUNT_WORDS = re.compile(r"[\w'-]+|[()]|[,;:.]")

    def _counts(self, sentence: Sentence) -> list[tuple[str, int]]:
        """Participant counts of *sentence* (memoised per sentence)."""
        found = self.count_cache.get(sentence.start)
        if found is None:
            has_number = self.owner.numbers(self.src.language).search(self.folded, sentence.start, sentence.end)
            found = self.count_cache[sentence.start] = self._count_words(sentence) if has_number else []
        return found

    def _count_words(self, sentence: Sentence) -> list[tuple[str, int]]:
        """Participant counts: "26 prosecutors", "some nineteen (19) participants, including six (6) women".

        The counted noun must follow the number within three words, with no punctuation or other number
        in between ("On 11 February 2019, 90 representatives" counts 90, not 2019).
        """
        words = [w.group(0) for w in self._COUNT_WORDS.finditer(self.folded, sentence.start, sentence.end)]
        out: list[tuple[str, int]] = []
        seen: set[str] = set()
        p = self.p
        gendered = p.women_words | p.men_words
        n = 0
        while n < len(words):
            word = words[n]
            value = int(word) if _NUMBER.match(word) else p.number_words.get(word)
            if value is None and "-" in word:
                # "sixty-two", "twenty-four": tens and units
                tens, _, units = word.partition("-")
                if p.number_words.get(tens, 0) >= 20 and 0 < p.number_words.get(units, 0) < 10:
                    value = p.number_words[tens] + p.number_words[units]
            if value is None or (len(word) == 4 and word.isdigit() and 1900 <= value <= 2100):
                n += 1  # (a year is not a count: "5 December 2023 - Sixty-two representatives")
                continue
            k = n + 1
            if k + 2 < len(words) and words[k] == "(" and _NUMBER.match(words[k + 1]) and words[k + 2] == ")":
                value = int(words[k + 1])
                k += 3
            before = " ".join(words[max(0, n - 3):n])
            thousands = n > 1 and words[n - 1] in (",", ".") and len(word) == 3 and word.isdigit() \
                and words[n - 2].isdigit() and len(words[n - 2]) <= 3
            blocked = thousands or any(before.endswith(b) for b in p.count_blockers)
            following: list[str] = []
            for w in words[k:k + 3]:
                if w in ("(", ")", ",", ";", ":", ".", "-") or _NUMBER.match(w) or w in p.number_words or \
                        w in _COUNT_STOPS:
                    break  # "two courses to officers": the number counts the courses
                following.append(w)
            noun = next((w for w in following if w in p.participant_nouns or w in gendered), None)
            # "Cinco personas fueron detenidas", "14 people were arrested": counts of arrests, not participants
            blocked = blocked or any(w in p.arrest_words for w in words[k:k + 6])
            if noun is None or blocked or (following and following[0] in ("countries", "paises", "days", "dias",
                                                                            "years", "anos", "hours", "horas")):
                n = k
                continue
            if noun in p.women_words:
                predicate = "femaleParticipantCount"
            elif noun in p.men_words:
                predicate = "maleParticipantCount"
            else:
                predicate = "participantCount"
            if predicate not in seen and not (predicate == "participantCount" and following[:1]
                                              and following[0] in gendered):
                seen.add(predicate)
                out.append((predicate, value))
            n = k
        return out

    _DATELINE = re.compile(r"[^\n]{0,80}?(\d{4}|\d{1,2}/\d{1,2}/\d{4})\s*(\.-|[-–—:]|\.\s)")

    def _after_dateline(self, sentence: Sentence) -> int:
        """Where a sentence starts once its dateline ("México, D.F., 23 de septiembre de 2012.-") is skipped."""
        m = self._DATELINE.match(self.folded, sentence.start, sentence.end)
        return m.end() if m else sentence.start
