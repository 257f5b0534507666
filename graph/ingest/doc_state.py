"""The state of one document's extraction and the record keeping every stage shares.

:class:`DocState` holds the text, its sentences and folded form, the entities
defined so far, the facts recorded per (sentence, confidence), the open
activity/agreement frames and the small caches the stages use.  Its methods
record results: :meth:`DocState.add` keeps a fact with its best evidence,
:meth:`DocState.define` defines a new entity (first mention wins),
:meth:`DocState._retract` and :meth:`DocState._drop` take facts back.  The
stages (:mod:`.mentions`, :mod:`.persons`, :mod:`.dates`, :mod:`.cues`,
:mod:`.frames`, :mod:`.agreements`, :mod:`.frame_finish`) are mixins over this
state, combined in :mod:`.document`.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any

from ..gazetteer import Entity
from ..quotes import occurrence_at
from ..sentences import Sentence, split_sentences
from .extraction_types import Frame, Hit, Mention
from .nlp import Tokens
from .patterns import fold
from .resolve import MergeRecord, Resolver
from .textio import SourceDoc

if TYPE_CHECKING:
    from .extract import Extractor


class DocState:
    """The state of one document's extraction, and the record keeping every stage shares."""

    # set once the text is parsed (:meth:`.document._DocExtraction.run`) and by the stages
    toks: Tokens
    ents: list[tuple[int, int, str, str]]
    hits: list[Hit]
    mentions: list[Mention]
    dates: list[tuple[int, int, str, str | None]]
    demonym_starts: list[int]
    _label_span: tuple[int, int]

    def __init__(self, owner: Extractor, src: SourceDoc, resolver: Resolver) -> None:
        self.owner, self.src, self.resolver = owner, src, resolver
        self.rules = owner.rules(src.language)
        self.p = self.rules.patterns
        from .patterns import LANGUAGES, load_patterns

        # names keep their own language: Spanish bodies are named in English texts and vice versa
        self.org_heads = {k: v for lang in LANGUAGES for k, v in load_patterns(lang).org_heads.items()}
        self.people_nouns = set(self.p.participant_nouns) | set(self.p.origin_nouns)

        self.text = src.text
        self.folded = fold(src.text)
        self.sentences: list[Sentence] = split_sentences(src.text)
        self.starts = [s.start for s in self.sentences]
        self.entities: dict[str, dict[str, Any]] = {}
        self.items: dict[tuple[int, float], list[list[Any]]] = {}
        self.seen: dict[str, tuple[int, float]] = {}
        self.merges: list[MergeRecord] = []
        self.frames: list[Frame] = []
        self.current: dict[str, Frame | None] = {"activity": None, "agreement": None}
        # the sentence and the key that the last threats were attached to ("It focuses on ..." goes on with it)
        self.threat_target: tuple[int, str] | None = None
        # known bodies' names this document uses for another country's body ("Fiscalía General del Estado
        # (FGE) del Ecuador" when the gazetteer's is Bolivia's)
        self.foreign_names: set[str] = set()
        # token index -> the known body whose name starts there (set when persons are read)
        self.body_at: dict[int, Mention] = {}
        # the programme the sentence being read is about ("AIRCOP, launched in 2010, aims ...", "The project is
        # implemented by ...", "It is funded by ..."), and the sentence index it was last set for
        self.about_programme: str | None = None
        self.about_programme_at: int = -2
        self.doc_countries: set[str] = set()
        self.years: list[tuple[int, int]] = []
        self.frame_names: dict[str, Frame] = {}
        self.glue = owner.glue(src.language)
        self.count_cache: dict[int, list[tuple[str, int]]] = {}
        self.by_subject: dict[str, list[list[Any]]] = {}
        self.pending: tuple[int, list[Mention]] | None = None
        # the headline, and the summary bullets ("- ...") right under it, before the body
        self.head_end = 0
        while self.head_end + 1 < len(self.sentences) and \
                self.sentences[self.head_end + 1].text.lstrip().startswith(("- ", "• ", "* ", "– ")):
            self.head_end += 1
        self.person_org: dict[str, str] = {}
        self.plural_parties: tuple[int, list[str]] | None = None
        self.ordinal_frames: dict[str, Frame] = {}
        self.title_spans: list[tuple[int, int]] = []

    def sent_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def add(self, sentence: int, triple: list[Any], conf: float) -> None:
        """Record a triple with its evidence sentence; a triple stated twice keeps its best evidence."""
        if triple[0] == triple[2]:
            return  # nothing cooperates with, is a member of or organises itself
        conf = round(conf, 2)
        ident = repr(triple)
        previous = self.seen.get(ident)
        if previous is not None:
            if previous[1] >= conf:
                return
            self.items[previous].remove(triple)
        key = (sentence, conf)
        self.items.setdefault(key, []).append(triple)
        self.seen[ident] = key
        if previous is None:
            self.by_subject.setdefault(triple[0], []).append(triple)

    def _state(self, sentence: int, triple: list[Any], conf: float) -> None:
        """Record a relation between known entities unless the gazetteer already states it."""
        entity = self.resolver.entities.get(triple[0])
        if entity is not None and (triple[1], triple[2]) in {(p, o) for p, o in entity.facts}:
            return
        self.add(sentence, triple, conf)

    def _occurrence(self, start: int, quote: str) -> int:
        """Which occurrence (1-based) of *quote* (white space folded) starts at *start*."""
        return occurrence_at(self.text, quote, start)

    def define(self, key: str, etype: str, label: str, start: int, end: int, conf: float,
               extra: dict[str, Any] | None = None) -> None:
        """Define a new entity (first mention wins)."""
        if key in self.entities or key in self.resolver.gazetteer.entities:
            return
        quote = self.text[start:end]
        record: dict[str, Any] = {"type": etype, "label": {self.src.language: label}, "quote": quote,
                                  "confidence": conf}
        occurrence = self._occurrence(start, quote)
        if occurrence > 1:
            record["occurrence"] = occurrence
        record.update(extra or {})
        self.entities[key] = record
        if key not in self.resolver.entities:
            self.resolver.add(Entity(key, etype, {self.src.language: label},
                                     acronyms=list(record.get("acronyms", []))))

    @staticmethod
    def _in(items: list[Any], sentence: Sentence) -> list[Any]:
        """The items (sorted by start) that start inside *sentence*."""
        lo = bisect.bisect_left(items, sentence.start, key=lambda x: x.start)
        hi = bisect.bisect_left(items, sentence.end, lo, key=lambda x: x.start)
        return items[lo:hi]

    def _retract(self, subject: str, predicates: tuple[str, ...]) -> None:
        """Forget the triples of *subject* with these predicates (a later, better statement replaces them)."""
        for triple in [t for t in self.by_subject.get(subject, []) if t[1] in predicates]:
            where = self.seen.pop(repr(triple), None)
            if where is not None and triple in self.items.get(where, []):
                self.items[where].remove(triple)
            self.by_subject[subject].remove(triple)

    def _drop(self, keys: set[str]) -> None:
        """Forget activities that nothing but their mention supports (no actor, date, place or count)."""
        for key in keys:
            self.entities.pop(key, None)
        for item_key, triples in self.items.items():
            self.items[item_key] = [t for t in triples if t[0] not in keys and t[2] not in keys]
        self.frames = [f for f in self.frames if f.key not in keys]
