"""What the explorer draws: graph slices and co-author paths.

SliceNode and SliceEdge are plain attributes with no resolvers: a depth-2 slice has a few
thousand leaf fields, and every field resolver would cost on each of them. `columns` carries
the same slice as parallel lists of scalars, which GraphQL completes several times faster.
"""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry import Private

from resolvers.slice import DEFAULT_LIMITS, SliceData
from schema.types import Author


@strawberry.enum
class NodeType(Enum):
    AUTHOR = "AUTHOR"
    WORK = "WORK"
    TOPIC = "TOPIC"
    INSTITUTION = "INSTITUTION"
    SOURCE = "SOURCE"


@strawberry.enum
class EdgeType(Enum):
    AUTHORED = "AUTHORED"
    COLLABORATES_WITH = "COLLABORATES_WITH"
    HAS_TOPIC = "HAS_TOPIC"
    AFFILIATED_WITH = "AFFILIATED_WITH"
    PUBLISHED_IN = "PUBLISHED_IN"
    CITES = "CITES"
    SUBTOPIC_OF = "SUBTOPIC_OF"


NODE_TYPES = {member.value: member for member in NodeType}
EDGE_TYPES = {member.value: member for member in EdgeType}


@strawberry.input(description="The most nodes of each type kept at each depth (0 keeps none).")
class SliceLimits:
    authors: int = DEFAULT_LIMITS["authors"]
    works: int = DEFAULT_LIMITS["works"]
    topics: int = DEFAULT_LIMITS["topics"]
    institutions: int = DEFAULT_LIMITS["institutions"]
    sources: int = DEFAULT_LIMITS["sources"]


@strawberry.type
class SliceNode:
    id: strawberry.ID
    type: NodeType
    label: str
    weight: float = strawberry.field(
        description="Relevance: the summed weight of the node's edges to the ring before it "
        "(1 for the centre)."
    )
    depth: int = strawberry.field(description="0 for the centre, then 1 or 2.")


@strawberry.type
class SliceEdge:
    source: strawberry.ID
    target: strawberry.ID
    type: EdgeType
    weight: float = strawberry.field(
        description="Strength for COLLABORATES_WITH, score for HAS_TOPIC, else 1."
    )


@strawberry.type(
    description="The slice as parallel lists: node i is (ids[i], types[i], labels[i], "
    "weights[i], depths[i]); edge j is (edgeSources[j], edgeTargets[j], edgeTypes[j], "
    "edgeWeights[j]). Same order as nodes and edges."
)
class SliceColumns:
    ids: list[strawberry.ID]
    types: list[NodeType]
    labels: list[str]
    weights: list[float]
    depths: list[int]
    edge_sources: list[strawberry.ID]
    edge_targets: list[strawberry.ID]
    edge_types: list[EdgeType]
    edge_weights: list[float]


@strawberry.type(description="A bounded neighbourhood of one node, for drawing.")
class GraphSlice:
    center: SliceNode
    depth: int
    truncated: bool = strawberry.field(description="True when limits cut neighbours or edges off.")
    _data: Private[SliceData]

    # The three forms are built only when asked for: a client wants objects or columns.
    @strawberry.field(
        description="The centre first, then ring 1, then ring 2; by type and "
        "relevance within a ring."
    )
    def nodes(self) -> list[SliceNode]:
        return [
            SliceNode(
                id=row["id"],
                type=NODE_TYPES[row["type"]],
                label=row["label"],
                weight=row["weight"],
                depth=row["depth"],
            )
            for row in self._data.nodes
        ]

    @strawberry.field(
        description="Nearest the centre first (the ring of the nearer end, then of the farther), "
        "then heaviest, then by ids."
    )
    def edges(self) -> list[SliceEdge]:
        return [
            SliceEdge(
                source=row["source"],
                target=row["target"],
                type=EDGE_TYPES[row["type"]],
                weight=row["weight"],
            )
            for row in self._data.edges
        ]

    @strawberry.field
    def columns(self) -> SliceColumns:
        nodes, edges = self._data.nodes, self._data.edges
        return SliceColumns(
            ids=[row["id"] for row in nodes],
            types=[NODE_TYPES[row["type"]] for row in nodes],
            labels=[row["label"] for row in nodes],
            weights=[row["weight"] for row in nodes],
            depths=[row["depth"] for row in nodes],
            edge_sources=[row["source"] for row in edges],
            edge_targets=[row["target"] for row in edges],
            edge_types=[EDGE_TYPES[row["type"]] for row in edges],
            edge_weights=[row["weight"] for row in edges],
        )

    @classmethod
    def of(cls, data: SliceData) -> GraphSlice:
        center = data.nodes[0]
        return cls(
            center=SliceNode(
                id=center["id"],
                type=NODE_TYPES[center["type"]],
                label=center["label"],
                weight=center["weight"],
                depth=0,
            ),
            depth=data.depth,
            truncated=data.truncated,
            _data=data,
        )


@strawberry.type(description="One hop of a co-author path.")
class PathLink:
    source: strawberry.ID
    target: strawberry.ID
    shared_works: int
    strength: float
    first_year: int | None
    last_year: int | None


@strawberry.type
class CoauthorPath:
    found: bool
    hops: int | None
    authors: list[Author] = strawberry.field(description="From `from` to `to`; empty if none.")
    links: list[PathLink] = strawberry.field(description="The collaborations along the path.")
    message: str
