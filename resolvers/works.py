"""The lists of a work and of a topic: authors, topics, venue, parent."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from resolvers.context import Context

Row = dict[str, Any]


async def authorships(ctx: Context, work_id: str) -> list[Row]:
    result = await ctx.loaders.authorships.load((work_id, ()))
    rows = list(result["authorships"])
    for row in rows:
        ctx.loaders.author.prime(row["author"]["id"], row["author"])
    return rows


async def topics(ctx: Context, work_id: str) -> list[Row]:
    result = await ctx.loaders.work_topics.load((work_id, ()))
    return list(result["topics"])


def venue(ctx: Context, work_id: str) -> Awaitable[Row | None]:
    """The loader's future itself (resolvers.dataloaders.at_once reads it when settled)."""
    return ctx.loaders.venue.load(work_id)


async def topic(ctx: Context, topic_id: str) -> Row | None:
    return await ctx.loaders.topic.load(topic_id)
