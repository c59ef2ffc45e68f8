"""The root Query type."""

from __future__ import annotations

import strawberry

import cypher
from resolvers.context import Context


@strawberry.type(description="How many nodes of each kind the graph holds.")
class GraphStats:
    authors: int
    works: int
    topics: int
    institutions: int
    sources: int


@strawberry.type
class Query:
    @strawberry.field(description="Counts of the graph's nodes by kind.")
    async def graph_stats(self, info: strawberry.Info[Context, None]) -> GraphStats:
        [record] = await info.context.read(cypher.query("stats/graph_counts"))
        return GraphStats(**record.data())
