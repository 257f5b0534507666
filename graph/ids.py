"""Stable, collision-free identifiers for entities, documents and assertions.

Keys are lower-case ASCII slugs.  Names with accents, punctuation or other
scripts are folded to ASCII; a short hash of the exact name is appended when
folding lost information, so two different names never share a key and the
same name (ignoring case, white space and Unicode normalisation) always gets
the same key.

>>> slugify("Ministerio de Gobierno")
'ministerio-de-gobierno'
>>> slugify("Fiscalía General del Estado")
'fiscalia-general-del-estado'
>>> mint_key("Perú") == mint_key("Perú")
True
>>> mint_key("Peru") != mint_key("Perú")
True
>>> is_valid_key("bo-felcn"), is_valid_key("Bo FELCN")
(True, False)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from .namespaces import ASSERTION, ID

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 60


def slugify(text: str) -> str:
    """Fold *text* to a lower-case ASCII slug (may be empty for non-Latin text).

    >>> slugify("  Anti-Drug  Police (Colombia) ")
    'anti-drug-police-colombia'
    >>> slugify("<script>")
    'script'
    """
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_ALNUM.sub("-", ascii_text).strip("-")
    return slug[:MAX_SLUG].rstrip("-")


def short_hash(text: str, length: int = 8) -> str:
    """Hex digest prefix of the NFC-normalised text.

    >>> short_hash("abc")
    'ba7816bf'
    """
    data = unicodedata.normalize("NFC", text).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:length]


def canonical_name(name: str) -> str:
    """The form of *name* that identifies it: NFC, lower case, runs of white space as one space.

    Two names with the same canonical form are the same name and get the same key.

    >>> canonical_name("  PERU\u0301  del  Sur ") == canonical_name("perú del sur")
    True
    """
    text = unicodedata.normalize("NFC", name).lower()
    return unicodedata.normalize("NFC", " ".join(text.split()))


_HASH_SEGMENT = re.compile(r"-[0-9a-f]{8}$")


def mint_key(name: str, prefix: str = "") -> str:
    """A stable key for *name*: its slug, plus a hash when the slug is lossy.

    The slug alone is used only when it spells the name exactly: ASCII
    letters and digits, words separated by white space (case and runs of
    white space do not matter).  Otherwise -- accents, punctuation, hyphens,
    other scripts, a name too long for a slug, or a slug that ends like a
    hash -- a hash of the name's canonical form (:func:`canonical_name`) is
    appended, which keeps distinct names distinct: ``"a b"`` and ``"a-b"``
    get different keys, and no name's plain slug equals another's hashed key.

    >>> mint_key("interpol")
    'interpol'
    >>> mint_key("INTERPOL")  # case is folded: the same name
    'interpol'
    >>> mint_key("Perú") == mint_key("PERÚ ") != mint_key("Peru")
    True
    >>> mint_key("Perú")
    'peru-73d402c4'
    >>> mint_key("a b"), mint_key("a-b")
    ('a-b', 'a-b-d44362d6')
    >>> mint_key("Workshop", prefix="act")
    'act-workshop'

    A *prefix* is prepended as is: keys minted with and without one share the
    key space (``mint_key("act workshop") == mint_key("Workshop", prefix="act")``),
    so reserve a prefix for one kind of entity and always mint that kind with it.
    """
    canonical = canonical_name(name)
    slug = slugify(name) or "x"
    exact = (
        canonical.replace(" ", "-") == slug
        and "-" not in canonical
        and len(slug) <= MAX_SLUG
        and _HASH_SEGMENT.search(slug) is None
    )
    key = slug if exact else f"{slug}-{short_hash(canonical)}"
    return f"{prefix}-{key}" if prefix else key


def is_valid_key(key: str) -> bool:
    """True when *key* is a well-formed entity key."""
    return bool(KEY_PATTERN.match(key))


def entity_iri(key: str) -> URIRef:
    """IRI of the entity with *key*.

    >>> entity_iri("unodc")
    rdflib.term.URIRef('https://w3id.org/crimekg/id/unodc')
    """
    iri = _ENTITY_IRIS.get(key)
    if iri is None:
        iri = ID[key]
        if len(_ENTITY_IRIS) < 100_000:
            _ENTITY_IRIS[key] = iri
    return iri


_ENTITY_IRIS: dict[str, URIRef] = {}  # an rdflib namespace lookup validates a new URIRef each time


def assertion_iri(graph: str, subject: str, predicate: str, obj: str) -> URIRef:
    """Deterministic IRI of the assertion of one triple in one graph.

    >>> str(assertion_iri("g", "s", "p", "o")).startswith("https://w3id.org/crimekg/assertion/")
    True
    """
    digest = hashlib.sha256("\x1f".join((graph, subject, predicate, obj)).encode("utf-8")).hexdigest()
    return ASSERTION[digest[:20]]
