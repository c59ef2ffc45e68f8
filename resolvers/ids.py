"""Ids as clients type them, normalised by kg/identifiers.py (the loaders' rules too).

Here a malformed id becomes BAD_USER_INPUT naming the argument; a well-formed id the graph does
not hold is left to the lookup (NOT_FOUND).
"""

from __future__ import annotations

from collections.abc import Callable

from kg import identifiers
from kg.identifiers import IdentifierError
from resolvers.errors import BadUserInput

MAX_ID_LENGTH = 300


def node_id(value: str, *, argument: str = "id") -> str:
    """A node id; an OpenAlex URL (`https://openalex.org/A5…`) is accepted and shortened."""
    text = _bounded(value, argument, example="A5100000001")
    return identifiers.strip_openalex(text)


def orcid(value: str) -> str:
    return _normalised(identifiers.orcid, value, "orcid", "an ORCID iD", "0000-0002-1825-0097")


def doi(value: str) -> str:
    return _normalised(identifiers.doi, value, "doi", "a DOI", "10.1234/abcd")


def arxiv_id(value: str) -> str:
    return _normalised(identifiers.arxiv_id, value, "arxivId", "an arXiv id", "2201.01234")


def ror(value: str) -> str:
    return _normalised(
        identifiers.ror, value, "ror", "a ROR id", "05x2bcf33 or https://ror.org/05x2bcf33"
    )


def _bounded(value: str, argument: str, *, example: str) -> str:
    text = value.strip()
    if not text:
        raise BadUserInput(
            f"`{argument}` is empty; pass an id such as {example}", argument=argument
        )
    if len(text) > MAX_ID_LENGTH:
        raise BadUserInput(
            f"`{argument}` is longer than {MAX_ID_LENGTH} characters; no id is that long",
            argument=argument,
        )
    return text


def _normalised(
    rule: Callable[[str], str], value: str, argument: str, kind: str, example: str
) -> str:
    try:
        return rule(_bounded(value, argument, example=example))
    except IdentifierError:
        raise BadUserInput(
            f"`{argument}` {value[:60]!r} is not {kind}; use the form {example}",
            argument=argument,
        ) from None
