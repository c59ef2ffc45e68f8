"""Cursor connections: page sizes and opaque cursors.

A cursor is base64url JSON `[kind, *sort keys, id]`. `kind` names the list and its ordering, so a
cursor from another list or another ordering is refused instead of silently skipping rows.
Lists ordered by stored values page by keyset (the rows after the cursor's keys, ties broken by
id): no gaps or repeats while the data stays put. Full-text search pages by offset (`kind`
carries a hash of the search text), since a ranking has no stable keys to seek to.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from resolvers.errors import BadUserInput

MAX_CURSOR_LENGTH = 1000


def page_size(first: int, *, maximum: int, argument: str = "first") -> int:
    if first < 0 or first > maximum:
        raise BadUserInput(
            f"`{argument}` must be between 0 and {maximum} (the maximum page size); got {first}. "
            "Page through longer lists with `after`",
            argument=argument,
            maximum=maximum,
        )
    return first


def encode(kind: str, keys: Sequence[Any]) -> str:
    payload = json.dumps([kind, *keys], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode(cursor: str, kind: str, *, arity: int, argument: str = "after") -> list[Any]:
    """The sort keys in a cursor this API issued for `kind`; BAD_USER_INPUT otherwise."""
    problem = f"`{argument}` is not a cursor of this list; pass an edge's `cursor` or endCursor"
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise BadUserInput(problem, argument=argument)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadUserInput(problem, argument=argument) from None
    if not isinstance(value, list) or len(value) != arity + 1 or value[0] != kind:
        raise BadUserInput(
            problem + " (it belongs to another list, ordering or search)", argument=argument
        )
    keys = value[1:]
    if not all(_storable(key) for key in keys):
        raise BadUserInput(problem, argument=argument)
    return keys


def _storable(key: Any) -> bool:
    """A sort key Neo4j can compare: a 64-bit integer, a finite float, encodable text, null."""
    if key is None or isinstance(key, bool):
        return True
    if isinstance(key, int):
        return -(2**63) <= key < 2**63
    if isinstance(key, float):
        return math.isfinite(key)
    if isinstance(key, str):
        try:
            key.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    return False


def text_kind(prefix: str, text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return f"{prefix}:{digest}"


@dataclass(frozen=True)
class Page:
    """One page of rows and what a connection reports about it."""

    rows: list[Any]
    cursors: list[str]
    total: int
    has_next: bool
    has_previous: bool


def keyset_page(
    result: dict[str, Any], *, first: int, kind: str, after: bool, keys: str = "key"
) -> Page:
    """A list query's result as a page: `{rows, total}`, the rows fetched as `first + 1` (the
    extra one tells whether a next page exists), each row's sort keys under `keys`."""
    rows = result["rows"]
    kept = rows[:first]
    return Page(
        rows=kept,
        cursors=[encode(kind, row[keys]) for row in kept],
        total=result["total"],
        has_next=len(rows) > first,
        has_previous=after,
    )
