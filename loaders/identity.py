"""Authors known by name: the normalised name and the deterministic key of an author without a
stable id, and arXiv's parsed names. Identifiers (OpenAlex, DOI, ORCID, ROR, arXiv) are normalised
in kg/identifiers.py, shared with the API.
"""

from __future__ import annotations

import re
import unicodedata

NAME_KEY_PREFIX = "name:"
ARXIV_KEY_PREFIX = "arxiv:"

_SPACES = re.compile(r"\s+")


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
