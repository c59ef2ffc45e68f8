"""Named Cypher queries, kept as .cypher files grouped by subject (cypher/<group>/<name>.cypher).

Code asks for a query by name (`query("authors/profile")`) and passes every user value as a
parameter. Nothing here builds Cypher from strings.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import LiteralString, cast

CYPHER_DIR = Path(__file__).resolve().parent


class UnknownQuery(KeyError):
    pass


@cache
def query(name: str) -> LiteralString:
    """The text of cypher/<name>.cypher, comments included (Neo4j ignores them)."""
    path = (CYPHER_DIR / f"{name}.cypher").resolve()
    if CYPHER_DIR not in path.parents or not path.is_file():
        raise UnknownQuery(f"no Cypher query named {name!r} under {CYPHER_DIR}")
    return cast(LiteralString, path.read_text(encoding="utf-8").strip())


def statements(name: str) -> list[LiteralString]:
    """A file of several statements separated by ';' (the schema files), one string each."""
    code = "\n".join(line for line in query(name).splitlines() if not _is_comment(line))
    parts = [part.strip() for part in code.split(";")]
    return [cast(LiteralString, part) for part in parts if part]


def all_query_names() -> list[str]:
    return sorted(
        str(path.relative_to(CYPHER_DIR).with_suffix("")) for path in CYPHER_DIR.rglob("*.cypher")
    )


def _is_comment(line: str) -> bool:
    return line.strip().startswith("//")
