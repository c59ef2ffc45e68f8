"""coauthorPath: the shortest collaboration path between two authors, or why there is none."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cypher
from resolvers import ids
from resolvers.context import Context
from resolvers.errors import BadUserInput, NotFound

# The query searches this far (a literal in cypher/paths/coauthor.cypher: Cypher does not take
# path lengths as parameters); maxHops may ask for less, never more.
MAX_HOPS = 6


@dataclass(frozen=True)
class PathData:
    found: bool
    hops: int | None
    authors: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""


def check_max_hops(max_hops: int) -> int:
    if not 1 <= max_hops <= MAX_HOPS:
        raise BadUserInput(
            f"`maxHops` must be between 1 and {MAX_HOPS}; got {max_hops}",
            argument="maxHops",
            maximum=MAX_HOPS,
        )
    return max_hops


async def coauthor_path(ctx: Context, *, source: str, target: str, max_hops: int) -> PathData:
    start = ids.node_id(source, argument="from")
    goal = ids.node_id(target, argument="to")
    [record] = await ctx.read(cypher.query("paths/coauthor"), **{"from": start, "to": goal})
    for found, argument, value in (
        (record["from_found"], "from", source),
        (record["to_found"], "to", target),
    ):
        if not found:
            raise NotFound(f"no author with id {value!r} (`{argument}`)", argument=argument)
    if start == goal:
        return PathData(True, 0, [record["start"]], [], "The two authors are the same person.")
    path_ids = record["ids"]
    if path_ids is None:
        return PathData(
            False,
            None,
            message=f"No collaboration path within {max_hops} hops "
            f"(none within {MAX_HOPS} either).",
        )
    hops = len(path_ids) - 1
    if hops > max_hops:
        return PathData(
            False,
            None,
            message=f"No collaboration path within {max_hops} hops; the shortest has {hops}.",
        )
    links = [
        {"source": path_ids[i], "target": path_ids[i + 1], **link}
        for i, link in enumerate(record["links"])
    ]
    noun = "hop" if hops == 1 else "hops"
    return PathData(True, hops, record["authors"], links, f"Connected in {hops} {noun}.")
