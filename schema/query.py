"""The root Query type: lookups, search, slices and paths; each resolver is a thin call into
resolvers/ and a conversion of its rows."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import UNSET

import cypher
from resolvers import lookups, paths, search
from resolvers import slice as slices
from resolvers.context import Context
from schema import account, collaboration, lookahead
from schema.account import Account
from schema.graph import (
    CoauthorPath,
    GraphSlice,
    PathLink,
    SliceLimits,
)
from schema.types import (
    Author,
    AuthorSearchConnection,
    Institution,
    Source,
    Topic,
    Work,
    WorkSearchConnection,
    given,
)

Info = strawberry.Info[Context, None]

# Author fields answered from the profile row: when a lookup selects one of them, the lookup
# fetches the profile straight away (one round trip for a whole author page).
PROFILE_FIELDS = frozenset(
    {"affiliation", "affiliationImported", "counts", "trust", "description", "provenance"}
)


@strawberry.type(description="How many nodes of each kind the graph holds.")
class GraphStats:
    authors: int
    works: int
    topics: int
    institutions: int
    sources: int


@strawberry.type
class Query:
    @strawberry.field(
        description="The signed-in account; null for an anonymous reader, UNAUTHENTICATED when "
        "the session or token sent has ended."
    )
    async def me(self, info: Info) -> Account | None:
        return await account.me(info)

    @strawberry.field(
        description="A conversation of the signed-in account; NOT_FOUND for anybody else's "
        "(whatever the role), the same answer as for an id that does not exist."
    )
    async def conversation(self, info: Info, id: strawberry.ID) -> collaboration.Conversation:
        return await collaboration.conversation(info, str(id))

    @strawberry.field(description="Counts of the graph's nodes by kind.")
    async def graph_stats(self, info: Info) -> GraphStats:
        [record] = await info.context.read(cypher.query("stats/graph_counts"))
        return GraphStats(**record.data())

    @strawberry.field(description="An author by id or ORCID iD; null and NOT_FOUND when unknown.")
    async def author(
        self, info: Info, id: strawberry.ID | None = UNSET, orcid: str | None = UNSET
    ) -> Author | None:
        profile = lookahead.selects_any(info, PROFILE_FIELDS)
        by_id = given(id) is not None and given(orcid) is None
        fold = lookahead.works_fold(info, "Author") if by_id else None
        if fold is not None:  # the author and its page of works in one statement
            row = await lookups.author_page(info.context, id=str(id), profile=profile, fold=fold)
            if row is not None:
                return Author.from_row(row["author"], row if profile else None)
        row = await lookups.author(info.context, id=given(id), orcid=given(orcid), profile=profile)
        return Author.from_row(row["author"], row) if profile else Author.from_row(row)

    @strawberry.field(description="A work by id, DOI or arXiv id; null and NOT_FOUND when unknown.")
    async def work(
        self,
        info: Info,
        id: strawberry.ID | None = UNSET,
        doi: str | None = UNSET,
        arxiv_id: str | None = UNSET,
    ) -> Work | None:
        row = await lookups.work(
            info.context, id=given(id), doi=given(doi), arxiv_id=given(arxiv_id)
        )
        return Work.from_row(row)

    @strawberry.field
    async def topic(self, info: Info, id: strawberry.ID) -> Topic | None:
        fold = lookahead.works_fold(info, "Topic")
        if fold is not None:  # the topic and its page of works in one statement
            row = await lookups.topic_page(info.context, id=str(id), fold=fold)
            if row is not None:
                return Topic.from_row(row)
        return Topic.from_row(await lookups.topic(info.context, id=id))

    @strawberry.field(description="An institution by id or ROR id.")
    async def institution(
        self, info: Info, id: strawberry.ID | None = UNSET, ror: str | None = UNSET
    ) -> Institution | None:
        row = await lookups.institution(info.context, id=given(id), ror=given(ror))
        return Institution.from_row(row)

    @strawberry.field
    async def source(self, info: Info, id: strawberry.ID) -> Source | None:
        return Source.from_row(await lookups.source(info.context, id=id))

    @strawberry.field(
        description="Authors whose names match every word (prefixes count), best first."
    )
    async def search_authors(
        self, info: Info, query: str, first: int = 20, after: str | None = UNSET
    ) -> AuthorSearchConnection:
        page = await search.authors(info.context, text=query, first=first, after=given(after))
        return AuthorSearchConnection.of(page, Author.from_row, "author")

    @strawberry.field(
        description="Works whose titles match every word (prefixes count), best first."
    )
    async def search_works(
        self, info: Info, query: str, first: int = 20, after: str | None = UNSET
    ) -> WorkSearchConnection:
        page = await search.works(info.context, text=query, first=first, after=given(after))
        return WorkSearchConnection.of(page, Work.from_row, "work")

    @strawberry.field(
        description="The bounded neighbourhood of any node (author, work, topic, institution, "
        "source), most relevant first; docs/api.md explains the ranking."
    )
    async def graph_slice(
        self,
        info: Info,
        center: strawberry.ID,
        depth: int = 1,
        limits: SliceLimits | None = UNSET,
        min_strength: float = 0.0,
        max_edges: Annotated[
            int,
            strawberry.argument(
                description=f"The most edges returned (0..{slices.MAX_EDGES}), nearest the "
                "centre first."
            ),
        ] = slices.DEFAULT_EDGES,
    ) -> GraphSlice:
        chosen = given(limits) or SliceLimits()
        requested = {field: getattr(chosen, field) for field in slices.LIMIT_FIELDS.values()}
        depth, checked, strength, edges = slices.check_arguments(
            depth=depth,
            limits=requested,
            min_strength=min_strength,
            max_edges=max_edges,
            maximum=info.context.settings.max_page_size,
        )
        data = await slices.graph_slice(
            info.context,
            center=center,
            depth=depth,
            limits=checked,
            min_strength=strength,
            max_edges=edges,
        )
        return GraphSlice.of(data)

    @strawberry.field(
        description="The shortest collaboration path (COLLABORATES_WITH) between two authors, "
        f"at most maxHops long (1..{paths.MAX_HOPS})."
    )
    async def coauthor_path(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        max_hops: int = 4,
    ) -> CoauthorPath:
        hops = paths.check_max_hops(max_hops)
        data = await paths.coauthor_path(info.context, source=from_, target=to, max_hops=hops)
        return CoauthorPath(
            found=data.found,
            hops=data.hops,
            authors=[Author.from_row(row) for row in data.authors],
            links=[
                PathLink(
                    source=strawberry.ID(link["source"]),
                    target=strawberry.ID(link["target"]),
                    shared_works=link["works"],
                    strength=link["strength"],
                    first_year=link["first_year"],
                    last_year=link["last_year"],
                )
                for link in data.links
            ],
            message=data.message,
        )
