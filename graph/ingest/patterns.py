"""Extraction patterns (``patterns/en.yaml``, ``patterns/es.yaml``), loaded and folded once.

Every phrase is folded (lower case, accents removed) so that matching is case-
and accent-insensitive; date expressions become compiled regular expressions.

>>> p = load_patterns("en")
>>> p.activity_triggers["workshop"], p.cue_roles["in collaboration with"]
('Workshop', 'collaborator')
>>> p.months["september"]
9
>>> fold("Fiscalía General")
'fiscalia general'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..yamlio import load_yaml

PATTERN_DIR = Path(__file__).parent / "patterns"
LANGUAGES = ("en", "es")
_QUOTES = {"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _QUOTES:
        return _QUOTES[ch]
    low = ch.lower()
    if len(low) != 1:
        return ch
    base = unicodedata.normalize("NFKD", low)[0]
    return base if len(base) == 1 and ord(base) < 0x250 else low


_TABLE: dict[int, str] = {}


def fold(text: str) -> str:
    """Lower-case, accent-free copy of *text* with the same length (one char per char).

    >>> fold("Perú’s"), len(fold("Ñandú")) == len("Ñandú")
    ("peru's", True)
    """
    missing = {ord(c) for c in set(text)} - _TABLE.keys()
    for code in missing:
        _TABLE[code] = _fold_char(chr(code))
    return text.translate(_TABLE)


def _folded_list(values: Any, key: str, where: str) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, list):
        raise InputError(f"{where}: {key} must be a list")
    return [fold(str(v)) for v in values]


def _folded_map(values: Any, key: str, where: str) -> dict[str, Any]:
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise InputError(f"{where}: {key} must be a mapping")
    return {fold(str(k)): v for k, v in values.items()}


@dataclass
class Patterns:
    """The folded pattern lists of one language."""

    language: str
    stopwords: set[str]
    connectors: set[str]
    org_heads: dict[str, str]
    international_words: list[str]
    programme_heads: set[str]
    activity_triggers: dict[str, str]
    activity_anaphora: list[str]
    meeting_verbs: list[str]
    organise_verbs: list[str]
    agreement_triggers: dict[str, str]
    sign_verbs: list[str]
    cue_roles: dict[str, str]
    participation_verbs: list[str]
    honorifics: set[str]
    role_words: list[str]
    role_to_org: dict[str, str]
    participant_nouns: set[str]
    count_blockers: list[str]
    women_words: set[str]
    men_words: set[str]
    number_words: dict[str, int]
    months: dict[str, int]
    dates: list[re.Pattern[str]]
    threat_aliases: dict[str, str]
    demonyms: dict[str, str]
    list_glue: list[str]
    generic_words: set[str]
    member_phrases: list[str]
    speech_words: list[str]
    name_suffix_words: set[str] = field(default_factory=set)
    ranks: set[str] = field(default_factory=set)
    activity_verbs: dict[str, str] = field(default_factory=dict)
    enumerators: list[str] = field(default_factory=list)
    beneficiary_verbs: list[str] = field(default_factory=list)
    auxiliaries: list[str] = field(default_factory=list)
    support_verbs: list[str] = field(default_factory=list)
    origin_prepositions: list[str] = field(default_factory=list)
    role_modifiers: set[str] = field(default_factory=set)
    origin_nouns: list[str] = field(default_factory=list)
    date_verbs: list[str] = field(default_factory=list)
    background_date_words: list[str] = field(default_factory=list)
    arrest_words: set[str] = field(default_factory=set)
    continuation_openers: list[str] = field(default_factory=list)
    agreement_anaphora: list[str] = field(default_factory=list)
    unit_heads: list[str] = field(default_factory=list)
    event_day_words: list[str] = field(default_factory=list)
    intent_words: list[str] = field(default_factory=list)
    statistic_units: list[str] = field(default_factory=list)
    source_cues: list[str] = field(default_factory=list)
    part_nouns: list[str] = field(default_factory=list)
    trainer_nouns: list[str] = field(default_factory=list)
    country_roles: set[str] = field(default_factory=set)
    programme_countries: dict[str, list[str]] = field(default_factory=dict)
    agreement_plurals: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)


def adverb_variants(phrase: str, adverbs: list[str]) -> list[str]:
    """A passive cue with an adverb before its agent preposition ("implemented jointly by").

    >>> adverb_variants("implemented by", ["jointly", "also"])
    ['implemented jointly by', 'implemented also by']
    >>> adverb_variants("in collaboration with", ["jointly"])
    []
    """
    words = phrase.split()
    if len(words) < 2 or words[-1] not in ("by", "por") or words[-2] in adverbs:
        return []
    return [" ".join([*words[:-1], adverb, words[-1]]) for adverb in adverbs]


def parse_patterns(content: Any, where: str) -> Patterns:
    """Validate and fold one patterns mapping."""
    if not isinstance(content, dict):
        raise InputError(f"{where}: expected a mapping of pattern lists")
    months = {k: int(v) for k, v in _folded_map(content.get("months"), "months", where).items()}
    month_alt = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    dates = []
    for number, expr in enumerate(content.get("dates") or [], start=1):
        try:
            dates.append(re.compile(str(expr).replace("MONTH", month_alt)))
        except re.error as exc:
            raise InputError(f"{where}: dates item {number}: bad regular expression: {exc}") from exc
    cues = content.get("cues") or {}
    if not isinstance(cues, dict):
        raise InputError(f"{where}: cues must be a mapping of role -> phrases")
    cue_roles: dict[str, str] = {}
    adverbs = _folded_list(content.get("cue_adverbs"), "cue_adverbs", where)
    for role, phrases in cues.items():
        for phrase in _folded_list(phrases, f"cues.{role}", where):
            cue_roles[phrase] = role
    for phrase, role in list(cue_roles.items()):
        for variant in adverb_variants(phrase, adverbs):
            cue_roles.setdefault(variant, role)
    return Patterns(
        language=str(content.get("language", "")),
        stopwords=set(_folded_list(content.get("stopwords"), "stopwords", where)),
        connectors=set(_folded_list(content.get("connectors"), "connectors", where)),
        org_heads={k: str(v) for k, v in _folded_map(content.get("org_heads"), "org_heads", where).items()},
        international_words=_folded_list(content.get("international_words"), "international_words", where),
        programme_heads=set(_folded_list(content.get("programme_heads"), "programme_heads", where)),
        activity_triggers={k: str(v) for k, v in
                           _folded_map(content.get("activity_triggers"), "activity_triggers", where).items()},
        activity_anaphora=_folded_list(content.get("activity_anaphora"), "activity_anaphora", where),
        meeting_verbs=_folded_list(content.get("meeting_verbs"), "meeting_verbs", where),
        organise_verbs=_folded_list(content.get("organise_verbs"), "organise_verbs", where),
        agreement_triggers={k: str(v) for k, v in
                            _folded_map(content.get("agreement_triggers"), "agreement_triggers", where).items()},
        sign_verbs=_folded_list(content.get("sign_verbs"), "sign_verbs", where),
        cue_roles=cue_roles,
        participation_verbs=_folded_list(content.get("participation_verbs"), "participation_verbs", where),
        honorifics=set(_folded_list(content.get("honorifics"), "honorifics", where)),
        role_words=_folded_list(content.get("role_words"), "role_words", where),
        role_to_org={k: str(v) for k, v in _folded_map(content.get("role_to_org"), "role_to_org", where).items()},
        participant_nouns=set(_folded_list(content.get("participant_nouns"), "participant_nouns", where)),
        count_blockers=_folded_list(content.get("count_blockers"), "count_blockers", where),
        women_words=set(_folded_list(content.get("women_words"), "women_words", where)),
        men_words=set(_folded_list(content.get("men_words"), "men_words", where)),
        number_words={k: int(v) for k, v in _folded_map(content.get("number_words"), "number_words", where).items()},
        months=months,
        dates=dates,
        threat_aliases={k: str(v) for k, v in
                        _folded_map(content.get("threat_aliases"), "threat_aliases", where).items()},
        demonyms={k: str(v) for k, v in _folded_map(content.get("demonyms"), "demonyms", where).items()},
        list_glue=_folded_list(content.get("list_glue"), "list_glue", where),
        generic_words=set(_folded_list(content.get("generic_words"), "generic_words", where)),
        member_phrases=_folded_list(content.get("member_phrases"), "member_phrases", where),
        speech_words=_folded_list(content.get("speech_words"), "speech_words", where),
        name_suffix_words=set(_folded_list(content.get("name_suffix_words"), "name_suffix_words", where)),
        ranks=set(_folded_list(content.get("ranks"), "ranks", where)),
        activity_verbs={k: str(v) for k, v in
                        _folded_map(content.get("activity_verbs"), "activity_verbs", where).items()},
        enumerators=_folded_list(content.get("enumerators"), "enumerators", where),
        beneficiary_verbs=_folded_list(content.get("beneficiary_verbs"), "beneficiary_verbs", where),
        agreement_plurals={k: str(v) for k, v in
                           _folded_map(content.get("agreement_plurals"), "agreement_plurals", where).items()},
        support_verbs=_folded_list(content.get("support_verbs"), "support_verbs", where),
        programme_countries={str(k): _folded_list(v, f"programme_countries.{k}", where) for k, v in
                             _folded_map(content.get("programme_countries"), "programme_countries", where).items()},
        country_roles=set(_folded_list(content.get("country_roles"), "country_roles", where)),
        trainer_nouns=_folded_list(content.get("trainer_nouns"), "trainer_nouns", where),
        part_nouns=_folded_list(content.get("part_nouns"), "part_nouns", where),
        date_verbs=_folded_list(content.get("date_verbs"), "date_verbs", where),
        background_date_words=_folded_list(content.get("background_date_words"), "background_date_words", where),
        arrest_words=set(_folded_list(content.get("arrest_words"), "arrest_words", where)),
        continuation_openers=_folded_list(content.get("continuation_openers"), "continuation_openers", where),
        agreement_anaphora=_folded_list(content.get("agreement_anaphora"), "agreement_anaphora", where),
        unit_heads=_folded_list(content.get("unit_heads"), "unit_heads", where),
        event_day_words=_folded_list(content.get("event_day_words"), "event_day_words", where),
        intent_words=_folded_list(content.get("intent_words"), "intent_words", where),
        statistic_units=_folded_list(content.get("statistic_units"), "statistic_units", where),
        source_cues=_folded_list(content.get("source_cues"), "source_cues", where),
        origin_nouns=_folded_list(content.get("origin_nouns"), "origin_nouns", where),
        role_modifiers=set(_folded_list(content.get("role_modifiers"), "role_modifiers", where)),
        origin_prepositions=_folded_list(content.get("origin_prepositions"), "origin_prepositions", where),
        auxiliaries=sorted(_folded_list(content.get("auxiliaries"), "auxiliaries", where), key=len, reverse=True),
        raw=content,
    )


@lru_cache(maxsize=4)
def load_patterns(language: str) -> Patterns:
    """The packaged patterns for *language* ('en' or 'es')."""
    if language not in LANGUAGES:
        raise InputError(f"no extraction patterns for language {language!r} (have: {', '.join(LANGUAGES)})")
    path = PATTERN_DIR / f"{language}.yaml"
    return parse_patterns(load_yaml(path), str(path))


def detect_language(text: str) -> str:
    """'es' or 'en', by counting each language's stop words.

    >>> detect_language("El taller se realizó en La Paz con los fiscales."), detect_language("The workshop was held.")
    ('es', 'en')
    """
    words = re.findall(r"[a-z]+", fold(text[:20000]))
    scores = {lang: sum(1 for w in words if w in load_patterns(lang).stopwords) for lang in LANGUAGES}
    return max(LANGUAGES, key=lambda lang: (scores[lang], lang == "en"))
