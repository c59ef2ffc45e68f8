"""Public ids and alternate ids as clients may type them, normalised to what the graph stores.

docs/graph-model.md: ids are short OpenAlex ids (`A5023888391`), ORCIDs bare (`0000-0002-…`),
DOIs lower-case without `https://doi.org/`, RORs bare (`05x2bcf33`).
"""

from __future__ import annotations

import re

from resolvers.errors import BadUserInput

MAX_ID_LENGTH = 300

_OPENALEX_PREFIX = re.compile(r"^https?://(?:api\.)?openalex\.org/(?:\w+/)?", re.IGNORECASE)
_ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)
_ROR = re.compile(r"^(?:https?://ror\.org/)?(0[a-z0-9]{8})$", re.IGNORECASE)
_ARXIV_PREFIX = re.compile(r"^(?:https?://arxiv\.org/(?:abs|pdf)/|arxiv:)", re.IGNORECASE)
_ARXIV_VERSION = re.compile(r"v\d+$")


def node_id(value: str, *, argument: str = "id") -> str:
    """A node id; an OpenAlex URL (`https://openalex.org/A5…`) is accepted and shortened."""
    text = value.strip()
    if not text:
        raise BadUserInput(
            f"`{argument}` is empty; pass an id such as A5100000001", argument=argument
        )
    if len(text) > MAX_ID_LENGTH:
        raise BadUserInput(
            f"`{argument}` is longer than {MAX_ID_LENGTH} characters; no id is that long",
            argument=argument,
        )
    return _OPENALEX_PREFIX.sub("", text)


def orcid(value: str) -> str:
    match = _ORCID.match(value.strip())
    if not match:
        raise BadUserInput(
            f"`orcid` {value[:60]!r} is not an ORCID iD; use the form 0000-0002-1825-0097",
            argument="orcid",
        )
    return match.group(1).upper()


def doi(value: str) -> str:
    text = _DOI_PREFIX.sub("", value.strip()).lower()
    if not text.startswith("10.") or "/" not in text or len(text) > MAX_ID_LENGTH:
        raise BadUserInput(
            f"`doi` {value[:60]!r} is not a DOI; use the form 10.1234/abcd", argument="doi"
        )
    return text


def arxiv_id(value: str) -> str:
    text = _ARXIV_PREFIX.sub("", value.strip())
    text = _ARXIV_VERSION.sub("", text)
    if not text or len(text) > 40 or " " in text:
        raise BadUserInput(
            f"`arxivId` {value[:60]!r} is not an arXiv id; use the form 2201.01234",
            argument="arxivId",
        )
    return text


def ror(value: str) -> str:
    match = _ROR.match(value.strip())
    if not match:
        raise BadUserInput(
            f"`ror` {value[:60]!r} is not a ROR id; use the form 05x2bcf33 or https://ror.org/05x2bcf33",
            argument="ror",
        )
    return match.group(1).lower()
