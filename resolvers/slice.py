"""graphSlice: one named query (cypher/slice/neighbourhood.cypher), one round trip."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cypher
from resolvers import ids
from resolvers.context import Context
from resolvers.errors import BadUserInput, NotFound

DEPTHS = (1, 2)
# The edges of a slice are the drawn relationships between its nodes, nearest the centre first:
# `maxEdges` of them (DEFAULT_EDGES unless asked), never more than MAX_EDGES.
DEFAULT_EDGES = 300
MAX_EDGES = 1000
# Node types as the query names them, with the SliceLimits field that limits each.
LIMIT_FIELDS = {
    "AUTHOR": "authors",
    "WORK": "works",
    "TOPIC": "topics",
    "INSTITUTION": "institutions",
    "SOURCE": "sources",
}
# Per ring: a default depth-2 slice has at most 1 + 2 * 75 nodes (typically 50 to 130).
DEFAULT_LIMITS = {"authors": 25, "works": 25, "topics": 10, "institutions": 10, "sources": 5}


@dataclass(frozen=True)
class SliceData:
    depth: int
    nodes: list[dict[str, Any]]  # the centre first
    edges: list[dict[str, Any]]
    truncated: bool


def check_arguments(
    *,
    depth: int,
    limits: dict[str, int],
    min_strength: float,
    max_edges: int,
    maximum: int,
) -> tuple[int, dict[str, int], float, int]:
    if depth not in DEPTHS:
        raise BadUserInput(
            f"`depth` must be 1 or 2; got {depth}. Expand further by asking for the slice of a "
            "node at the edge",
            argument="depth",
        )
    checked = {}
    for type_name, field in LIMIT_FIELDS.items():
        value = limits[field]
        if not 0 <= value <= maximum:
            raise BadUserInput(
                f"`limits.{field}` must be between 0 and {maximum}; got {value}",
                argument=f"limits.{field}",
                maximum=maximum,
            )
        checked[type_name] = value
    strength = min_strength
    if math.isnan(strength) or strength < 0:
        raise BadUserInput(
            f"`minStrength` must be 0 or more; got {min_strength}", argument="minStrength"
        )
    edges = max_edges
    if not 0 <= edges <= MAX_EDGES:
        raise BadUserInput(
            f"`maxEdges` must be between 0 and {MAX_EDGES}; got {max_edges}",
            argument="maxEdges",
            maximum=MAX_EDGES,
        )
    return depth, checked, strength, edges


async def graph_slice(
    ctx: Context,
    *,
    center: str,
    depth: int,
    limits: dict[str, int],
    min_strength: float,
    max_edges: int,
) -> SliceData:
    key = ids.node_id(center, argument="center")
    records = await ctx.read(
        cypher.query("slice/neighbourhood"),
        center=key,
        depth=depth,
        limits=limits,
        minStrength=min_strength,
        maxEdges=max_edges,
    )
    if not records:
        raise NotFound(f"no node with id {center!r} to centre a slice on", argument="center")
    record = records[0]
    return SliceData(
        depth=depth,
        nodes=[record["center"], *record["nodes"]],
        edges=record["edges"],
        truncated=record["truncated"],
    )
