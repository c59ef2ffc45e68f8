"""Saved queries: cypher/analyst/<name>.cypher, each saying what it answers and what it takes.

The header is the file's leading comment lines: the first says what the query answers, and each
`// $name: meaning (e.g. example)` line describes a parameter. They run through the same guard
as any statement (a saved query earns no exemption), by name with parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import cypher
from analyst import errors
from analyst.errors import Refused

GROUP = "analyst"
_PARAMETER_LINE = re.compile(r"^\$([A-Za-z_]\w*)\s*:\s*(.*?)\s*(?:\(e\.g\.\s*(.*?)\))?\s*$")


@dataclass(frozen=True)
class SavedParameter:
    name: str
    description: str
    example: str | None


@dataclass(frozen=True)
class SavedQuery:
    name: str
    answers: str
    parameters: tuple[SavedParameter, ...]
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "answers": self.answers,
            "parameters": [
                {"name": p.name, "description": p.description, "example": p.example}
                for p in self.parameters
            ],
            "cypher": self.text,
        }

    def check_parameters(self, given: dict[str, Any]) -> None:
        missing = [p.name for p in self.parameters if p.name not in given]
        unknown = sorted(set(given) - {p.name for p in self.parameters})
        if missing or unknown:
            parts = []
            if missing:
                parts.append("missing " + ", ".join(f"${name}" for name in missing))
            if unknown:
                parts.append("unknown " + ", ".join(f"${name}" for name in unknown))
            raise Refused(
                errors.PARAMETERS, f"saved query {self.name!r}: {'; '.join(parts)}", status=400
            )


def parse(name: str, text: str) -> SavedQuery:
    header = []
    for line in text.splitlines():
        if not line.strip().startswith("//"):
            break
        header.append(line.strip().removeprefix("//").strip())
    if not header:
        raise ValueError(f"cypher/{GROUP}/{name}.cypher has no header saying what it answers")
    parameters = []
    for line in header[1:]:
        match = _PARAMETER_LINE.match(line)
        if match:
            parameters.append(SavedParameter(match[1], match[2], match[3]))
    return SavedQuery(name, header[0], tuple(parameters), text)


def saved_queries() -> list[SavedQuery]:
    prefix = GROUP + "/"
    return [
        parse(name.removeprefix(prefix), cypher.query(name))
        for name in cypher.all_query_names()
        if name.startswith(prefix)
    ]


def saved_query(name: str) -> SavedQuery:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise Refused(errors.UNKNOWN_SAVED_QUERY, f"no saved query named {name!r}", status=404)
    try:
        return parse(name, cypher.query(f"{GROUP}/{name}"))
    except cypher.UnknownQuery:
        known = ", ".join(query.name for query in saved_queries())
        raise Refused(
            errors.UNKNOWN_SAVED_QUERY, f"no saved query named {name!r}; known: {known}", status=404
        ) from None
