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

    def words(name: str) -> list[str]:
        """The folded word list *name* of the patterns (empty when absent)."""
        return _folded_list(content.get(name), name, where)

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
    adverbs = words("cue_adverbs")
    for role, phrases in cues.items():
        for phrase in _folded_list(phrases, f"cues.{role}", where):
            cue_roles[phrase] = role
    for phrase, role in list(cue_roles.items()):
        for variant in adverb_variants(phrase, adverbs):
            cue_roles.setdefault(variant, role)

    return Patterns(
        language=str(content.get("language", "")),
        stopwords=set(words("stopwords")),
        connectors=set(words("connectors")),
        org_heads={k: str(v) for k, v in _folded_map(content.get("org_heads"), "org_heads", where).items()},
        international_words=words("international_words"),
        programme_heads=set(words("programme_heads")),
        activity_triggers={k: str(v) for k, v in
                           _folded_map(content.get("activity_triggers"), "activity_triggers", where).items()},
        activity_anaphora=words("activity_anaphora"),
        meeting_verbs=words("meeting_verbs"),
        organise_verbs=words("organise_verbs"),
        agreement_triggers={k: str(v) for k, v in
                            _folded_map(content.get("agreement_triggers"), "agreement_triggers", where).items()},
        sign_verbs=words("sign_verbs"),
        cue_roles=cue_roles,
        participation_verbs=words("participation_verbs"),
        honorifics=set(words("honorifics")),
        role_words=words("role_words"),
        role_to_org={k: str(v) for k, v in _folded_map(content.get("role_to_org"), "role_to_org", where).items()},
        participant_nouns=set(words("participant_nouns")),
        count_blockers=words("count_blockers"),
        women_words=set(words("women_words")),
        men_words=set(words("men_words")),
        number_words={k: int(v) for k, v in _folded_map(content.get("number_words"), "number_words", where).items()},
        months=months,
        dates=dates,
        threat_aliases={k: str(v) for k, v in
                        _folded_map(content.get("threat_aliases"), "threat_aliases", where).items()},
        demonyms={k: str(v) for k, v in _folded_map(content.get("demonyms"), "demonyms", where).items()},
        list_glue=words("list_glue"),
        generic_words=set(words("generic_words")),
        member_phrases=words("member_phrases"),
        speech_words=words("speech_words"),
        name_suffix_words=set(words("name_suffix_words")),
        ranks=set(words("ranks")),
        activity_verbs={k: str(v) for k, v in
                        _folded_map(content.get("activity_verbs"), "activity_verbs", where).items()},
        enumerators=words("enumerators"),
        beneficiary_verbs=words("beneficiary_verbs"),
        agreement_plurals={k: str(v) for k, v in
                           _folded_map(content.get("agreement_plurals"), "agreement_plurals", where).items()},
        support_verbs=words("support_verbs"),
        programme_countries={str(k): _folded_list(v, f"programme_countries.{k}", where) for k, v in
                             _folded_map(content.get("programme_countries"), "programme_countries", where).items()},
        country_roles=set(words("country_roles")),
        trainer_nouns=words("trainer_nouns"),
        part_nouns=words("part_nouns"),
        date_verbs=words("date_verbs"),
        background_date_words=words("background_date_words"),
        arrest_words=set(words("arrest_words")),
        continuation_openers=words("continuation_openers"),
        agreement_anaphora=words("agreement_anaphora"),
        unit_heads=words("unit_heads"),
        event_day_words=words("event_day_words"),
        intent_words=words("intent_words"),
        statistic_units=words("statistic_units"),
        source_cues=words("source_cues"),
        origin_nouns=words("origin_nouns"),
        role_modifiers=set(words("role_modifiers")),
        origin_prepositions=words("origin_prepositions"),
        auxiliaries=sorted(words("auxiliaries"), key=len, reverse=True),
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
