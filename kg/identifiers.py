"""Identifiers as the graph stores them (docs/graph-model.md), the one home of their rules.

Loaders normalise what records carry and the API what clients type, with the same functions:
short OpenAlex ids (`A5023888391`, topics also `subfields/1702`), DOIs lower-case without a
resolver prefix, ORCID iDs and ROR ids bare, arXiv ids without a version. Forms are checked,
check digits are not (a mistyped iD is simply not found). Each function returns the normalised
form or raises IdentifierError (a ValueError) whose message says what was expected; the loaders'
models and the API turn it into their own errors.
"""

from __future__ import annotations

import re

OPENALEX_URL = "https://openalex.org/"
_CANONICAL_LENGTH = len(OPENALEX_URL)
ARXIV_DOI_PREFIX = "10.48550/arxiv."

# Entity kinds by the letter that starts an OpenAlex id; topic levels have path-like ids.
ENTITY_BY_LETTER = {"W": "work", "A": "author", "I": "institution", "T": "topic", "S": "source"}
TOPIC_LEVEL_BY_PATH = {"subfields": "subfield", "fields": "field", "domains": "domain"}

# openalex.org/W1, the API's api.openalex.org/works/W1, with or without a scheme.
_OPENALEX_URL = re.compile(r"^(?:https?://)?(?:api\.)?openalex\.org/", re.IGNORECASE)
_OPENALEX_COLLECTION = re.compile(
    r"^(?:works|authors|institutions|topics|sources|publishers|funders)/([A-Za-z]\d+)$",
    re.IGNORECASE,
)
_LETTER_ID = re.compile(r"^([A-Za-z])(\d+)$")
_PATH_ID = re.compile(r"^(subfields|fields|domains)/(\d+)$")

# A DOI is 10.<registrant, dot-separated digit groups>/<suffix of any printable characters>.
_DOI_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d+(?:\.\d+)*/\S+$")

# 16 digits in groups of four, the last one a check character (0-9 or X).
_ORCID = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?$", re.IGNORECASE
)
# "0", six Crockford base32 characters (no i, l, o, u), two check digits.
_ROR = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?ror\.org/)?(0[0-9a-hjkmnp-tv-z]{6}\d{2})/?$", re.IGNORECASE
)

# New-style 0704.0001 / 2010.04116 and old-style hep-th/9901001 or math.GT/0309136, each with an
# optional version; as typed, also arXiv:..., or an abs/ or pdf/ URL.
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Za-z\-]+)?/\d{7})(?:v\d+)?$")
_ARXIV_PREFIX = re.compile(
    r"^(?:(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:)", re.IGNORECASE
)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?/?$", re.IGNORECASE)


class IdentifierError(ValueError):
    """A value is not an identifier of the kind asked for; the message gives the expected form."""


# -- OpenAlex --------------------------------------------------------------------------------------


def strip_openalex(value: str) -> str:
    """'https://openalex.org/W1' or 'https://api.openalex.org/works/W1' -> 'W1'; others as given."""
    # The form of nearly every id in a snapshot, told without the regexes (the same answer).
    rest = value[_CANONICAL_LENGTH:]
    if value.startswith(OPENALEX_URL) and rest.isascii() and rest.isalnum():
        return rest
    text = _OPENALEX_URL.sub("", value.strip())
    collection = _OPENALEX_COLLECTION.match(text)
    return collection.group(1) if collection else text


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
    match = _LETTER_ID.match(strip_openalex(value))
    if not match or match.group(1).upper() != letter:
        kind = ENTITY_BY_LETTER[letter]
        raise IdentifierError(f"{value!r} is not an OpenAlex {kind} id ({letter} and digits)")
    return letter + match.group(2)


def topic_id(value: str) -> str:
    """A topic of any level: 'T10399', 'subfields/2211', 'fields/22' or 'domains/3'."""
    short = strip_openalex(value)
    letter = _LETTER_ID.match(short)
    if letter and letter.group(1).upper() == "T":
        return "T" + letter.group(2)
    if _PATH_ID.match(short):
        return short
    raise IdentifierError(f"{value!r} is not an OpenAlex topic, subfield, field or domain id")


def topic_level(short_id: str) -> str:
    if short_id.startswith("T"):
        return "topic"
    return TOPIC_LEVEL_BY_PATH[short_id.split("/", 1)[0]]


# -- DOI, ORCID, ROR, arXiv ------------------------------------------------------------------------


def doi(value: str) -> str:
    """'https://doi.org/10.1306/ABC' -> '10.1306/abc' (DOIs are case-insensitive)."""
    text = _DOI_PREFIX.sub("", value.strip()).lower()
    if not _DOI.match(text):
        raise IdentifierError(f"{value!r} is not a DOI (10.<registrant>/<suffix>)")
    return text


def orcid(value: str) -> str:
    """'https://orcid.org/0000-0002-1825-0097' -> '0000-0002-1825-0097'."""
    match = _ORCID.match(value.strip())
    if not match:
        raise IdentifierError(
            f"{value!r} is not an ORCID iD (0000-0002-1825-0097: 16 digits, the last may be X)"
        )
    return match.group(1).upper()


def ror(value: str) -> str:
    """'https://ror.org/05x2bcf33' -> '05x2bcf33'."""
    match = _ROR.match(value.strip())
    if not match:
        raise IdentifierError(
            f"{value!r} is not a ROR id (05x2bcf33: 0, six base32 characters, two digits)"
        )
    return match.group(1).lower()


def arxiv_id(value: str) -> str:
    """'arXiv:0704.0001v2' -> '0704.0001'; old-style ids keep their archive: 'hep-th/9901001'."""
    text = _ARXIV_PREFIX.sub("", value.strip())
    if text.lower().endswith(".pdf"):
        text = text[: -len(".pdf")]
    match = _ARXIV_ID.match(text.rstrip("/"))
    if not match:
        raise IdentifierError(f"{value!r} is not an arXiv id (2201.01234 or hep-th/9901001)")
    return match.group(1)


def arxiv_id_from_doi(bare_doi: str | None) -> str | None:
    """The arXiv id inside an arXiv DOI (10.48550/arxiv.2201.01234), else None."""
    if bare_doi and bare_doi.startswith(ARXIV_DOI_PREFIX):
        try:
            return arxiv_id(bare_doi[len(ARXIV_DOI_PREFIX) :])
        except IdentifierError:
            return None
    return None


def arxiv_id_from_url(url: str | None) -> str | None:
    """The arXiv id of an arxiv.org abs/ or pdf/ URL, else None."""
    if not url:
        return None
    match = _ARXIV_URL.search(url.strip())
    if not match:
        return None
    try:
        return arxiv_id(match.group(1))
    except IdentifierError:
        return None
