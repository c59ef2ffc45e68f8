"""Ids as the graph stores them (docs/graph-model.md): short OpenAlex ids, bare DOIs, ORCIDs, RORs,
arXiv ids, and the deterministic key of an author known only by name.

Every function either returns the normalised form or raises ValueError with a message that says what
was expected; the record models turn that into a one-line reject reason.
"""

from __future__ import annotations

import re
import unicodedata

OPENALEX_URL = "https://openalex.org/"
NAME_KEY_PREFIX = "name:"
ARXIV_KEY_PREFIX = "arxiv:"
ARXIV_DOI_PREFIX = "10.48550/arxiv."

# Entity kinds by the letter that starts an OpenAlex id; topic levels have path-like ids.
ENTITY_BY_LETTER = {"W": "work", "A": "author", "I": "institution", "T": "topic", "S": "source"}
TOPIC_LEVEL_BY_PATH = {"subfields": "subfield", "fields": "field", "domains": "domain"}

_URL_PREFIXES = ("https://openalex.org/", "http://openalex.org/", "openalex.org/")
_LETTER_ID = re.compile(r"^([A-Za-z])(\d+)$")
_PATH_ID = re.compile(r"^(subfields|fields|domains)/(\d+)$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = (
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi:",
)
_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
_ROR = re.compile(r"^0[a-z0-9]{6}\d{2}$")
# New-style 0704.0001 / 2010.04116 (optionally with a version), old-style hep-th/9901001.
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z][a-z\-]*(\.[A-Za-z\-]+)?/\d{7})(v\d+)?$")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def strip_openalex(value: str) -> str:
    text = value.strip()
    for prefix in _URL_PREFIXES:
        if text.lower().startswith(prefix):
            return text[len(prefix) :]
    return text


def entity_of(value: object) -> str | None:
    """'work', 'author', ..., 'topic' (for topics and their subfields, fields, domains), or None."""
    if not isinstance(value, str):
        return None
    short = strip_openalex(value)
    letter = _LETTER_ID.match(short)
    if letter:
        return ENTITY_BY_LETTER.get(letter.group(1).upper())
    if _PATH_ID.match(short):
        return "topic"
    return None


def openalex_id(value: str, letter: str) -> str:
    """'https://openalex.org/W123' -> 'W123'; raises when it is not an id of that kind."""
    short = strip_openalex(value)
    match = _LETTER_ID.match(short)
    if not match or match.group(1).upper() != letter:
        kind = ENTITY_BY_LETTER[letter]
        raise ValueError(f"{value!r} is not an OpenAlex {kind} id ({letter} and digits)")
    return letter + match.group(2)


def topic_id(value: str) -> str:
    """A topic of any level: 'T10399', 'subfields/2211', 'fields/22' or 'domains/3'."""
    short = strip_openalex(value)
    letter = _LETTER_ID.match(short)
    if letter and letter.group(1).upper() == "T":
        return "T" + letter.group(2)
    if _PATH_ID.match(short):
        return short
    raise ValueError(f"{value!r} is not an OpenAlex topic, subfield, field or domain id")


def topic_level(short_id: str) -> str:
    if short_id.startswith("T"):
        return "topic"
    return TOPIC_LEVEL_BY_PATH[short_id.split("/", 1)[0]]


def doi(value: str) -> str:
    """'https://doi.org/10.1306/ABC' -> '10.1306/abc' (DOIs are case-insensitive)."""
    text = value.strip()
    lowered = text.lower()
    for prefix in _DOI_PREFIXES:
        if lowered.startswith(prefix):
            text = text[len(prefix) :]
            break
    text = text.lower()
    if not _DOI.match(text):
        raise ValueError(f"{value!r} is not a DOI (10.<registrant>/<suffix>)")
    return text


def orcid(value: str) -> str:
    text = value.strip().rstrip("/")
    text = text.rsplit("/", 1)[-1].upper()
    if not _ORCID.match(text):
        raise ValueError(f"{value!r} is not an ORCID (0000-0000-0000-000X)")
    return text


def ror(value: str) -> str:
    text = value.strip().rstrip("/").rsplit("/", 1)[-1].lower()
    if not _ROR.match(text):
        raise ValueError(f"{value!r} is not a ROR id")
    return text


def arxiv_id(value: str) -> str:
    """'0704.0001v2' -> '0704.0001'; old-style ids keep their archive: 'hep-th/9901001'."""
    text = value.strip()
    lowered = text.lower()
    if lowered.startswith("arxiv:"):
        text = text[len("arxiv:") :]
    match = _ARXIV_ID.match(text)
    if not match:
        raise ValueError(f"{value!r} is not an arXiv id")
    return match.group(1)


def arxiv_id_from_doi(bare_doi: str | None) -> str | None:
    if bare_doi and bare_doi.startswith(ARXIV_DOI_PREFIX):
        try:
            return arxiv_id(bare_doi[len(ARXIV_DOI_PREFIX) :])
        except ValueError:
            return None
    return None


def arxiv_id_from_url(url: str | None) -> str | None:
    if not url:
        return None
    match = _ARXIV_URL.search(url.strip())
    if not match:
        return None
    try:
        return arxiv_id(match.group(1))
    except ValueError:
        return None


def normalise_name(name: str) -> str:
    """NFKD, accents stripped, lower-case, whitespace collapsed: 'José  Núñez' -> 'jose nunez'."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", plain).strip().lower()


def name_key(name: str) -> str | None:
    """The key of an author known only by name, or None when the name is empty."""
    normalised = normalise_name(name)
    return NAME_KEY_PREFIX + normalised if normalised else None


def parsed_name(parts: list[str]) -> str:
    """arXiv's authors_parsed ['Last', 'First', 'Suffix'] -> 'First Last Suffix'."""
    last = parts[0] if parts else ""
    first = parts[1] if len(parts) > 1 else ""
    suffix = parts[2] if len(parts) > 2 else ""
    return _SPACES.sub(" ", f"{first} {last} {suffix}").strip()
