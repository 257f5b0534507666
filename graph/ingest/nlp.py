"""The spaCy rule pipeline: a blank English or Spanish pipeline with rule components only.

* ``crimekg_fold``: sets every token's NORM to its folded form (lower case,
  no accents), so all matching is case- and accent-insensitive;
* ``entity_ruler``: the names of the gazetteer (and of entities already in the
  store) as phrase patterns (label ``NAME``, id = the folded name), and the
  threat labels (label ``THREAT``, id = the threat id);
* a :class:`~spacy.matcher.PhraseMatcher` over NORM for cue phrases, triggers,
  verbs and role words (match ids like ``CUE:organizer``, ``ACT:Workshop``).

No statistical model is loaded: nothing is downloaded at run time.

>>> rules = build_rules("en", {"unodc": "unodc"}, {"drug trafficking": "drug-trafficking"})
>>> doc = rules.nlp("UNODC fights Drug Trafficking.")
>>> [(e.text, e.label_, e.ent_id_) for e in doc.ents]
[('UNODC', 'NAME', 'unodc'), ('Drug Trafficking', 'THREAT', 'drug-trafficking')]
"""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .patterns import Patterns, fold, load_patterns


@Language.component("crimekg_fold")
def fold_norms(doc: Doc) -> Doc:
    """Set each token's NORM to its folded text."""
    for token in doc:
        token.norm_ = fold(token.text)
    return doc


@dataclass
class Rules:
    """A language's pipeline and phrase matcher, with the patterns they came from."""

    nlp: Language
    phrases: PhraseMatcher
    patterns: Patterns


def _phrase_groups(p: Patterns) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for phrase, role in p.cue_roles.items():
        groups.setdefault(f"CUE:{role}", []).append(phrase)
    for phrase, cls in p.activity_triggers.items():
        groups.setdefault(f"ACT:{cls}", []).append(phrase)
    for phrase, cls in p.agreement_triggers.items():
        groups.setdefault(f"AGR:{cls}", []).append(phrase)
    groups["ANAPH"] = list(p.activity_anaphora)
    groups["MEETV"] = list(p.meeting_verbs)
    groups["ORGV"] = list(p.organise_verbs)
    groups["SIGNV"] = list(p.sign_verbs)
    groups["PARTV"] = list(p.participation_verbs)
    groups["ROLE"] = list(p.role_words)
    groups["MEMBER"] = list(p.member_phrases)
    groups["SPEECH"] = list(p.speech_words)
    return groups


def build_rules(language: str, names: dict[str, str], threats: dict[str, str]) -> Rules:
    """Build the rule pipeline for *language*.

    *names* maps folded entity names to their lookup id; *threats* maps folded
    threat names to threat ids.
    """
    p = load_patterns(language)
    nlp = spacy.blank(language)
    nlp.add_pipe("crimekg_fold")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "NORM", "validate": False})
    ruler.add_patterns(  # type: ignore[attr-defined]
        [{"label": "NAME", "pattern": name, "id": ident} for name, ident in names.items()]
        + [{"label": "THREAT", "pattern": name, "id": ident} for name, ident in threats.items()]
    )
    phrases = PhraseMatcher(nlp.vocab, attr="NORM")
    for group, texts in _phrase_groups(p).items():
        docs = [fold_norms(nlp.make_doc(t)) for t in dict.fromkeys(texts) if t.strip()]
        phrases.add(group, docs)
    return Rules(nlp, phrases, p)
