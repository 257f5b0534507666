"""One document's extraction: the stages combined and run in order.

:class:`_DocExtraction` combines the stage mixins over :class:`.doc_state.DocState`;
:meth:`_DocExtraction.run` parses the text, finds mentions, dates and
positions, reads every sentence, completes the frames and returns the
annotation content (:class:`.extraction_types.Extraction`).
:class:`crimekg.graph.ingest.extract.Extractor` is the public entry point.
"""

from __future__ import annotations

from typing import Any

from .agreements import AgreementsMixin
from .cues import CuesMixin
from .dates import DatesMixin
from .extraction_types import Extraction, Hit, _Spans
from .frame_finish import FinishMixin
from .frames import FramesMixin
from .mentions import MentionsMixin
from .persons import PersonsMixin
from .statistics import StatisticsMixin


class _DocExtraction(MentionsMixin, PersonsMixin, DatesMixin, CuesMixin, FramesMixin, AgreementsMixin, FinishMixin,
                     StatisticsMixin):
    """The state of one document's extraction."""

    def run(self) -> Extraction:
        """Run every stage over the text; the annotation content and the merges resolution made."""
        parsed = self.rules.parse(self.text, self.folded)
        self.toks = parsed.tokens
        self.ents = parsed.ents
        self.hits = self._longest([Hit(s, e, g) for s, e, g in parsed.phrases if g != "ROLE" or not self._body_word(s)])
        self._index_hits()
        self.mentions = self._mentions()
        inside = _Spans([(m.start, m.end) for m in self.mentions])
        self.hits = [h for h in self.hits if h.group.startswith(("CUE:", "ROLE")) or not inside.covers(h.start, h.end)]
        self._index_hits()
        for m in self.mentions:
            if m.etype == "Country":
                self.doc_countries.add(m.key)
        self._compounds()
        first_words = {d.split()[0] for d in self.p.demonyms}
        self.demonym_starts = [i for i, n in zip(self.toks.idx, self.toks.norm, strict=True) if n in first_words]
        self._collect_years()
        self.dates = self._dates()
        self._positions()
        for index, sentence in enumerate(self.sentences):
            self._sentence(index, sentence)
        self._finish_frames()
        content: dict[str, Any] = {"document": self.src.id, "method": "extracted", "entities": self.entities,
                                   "facts": []}
        for (sentence, conf), triples in sorted(self.items.items()):
            if not triples:
                continue
            s = self.sentences[sentence]
            item: dict[str, Any] = {"quote": s.text, "confidence": conf, "triples": triples}
            occurrence = self._occurrence(s.start, s.text)
            if occurrence > 1:
                item["occurrence"] = occurrence
            content["facts"].append(item)
        return Extraction(content, self.merges)
