"""The root Query type: lookups, search, slices and paths; each resolver is a thin call into
resolvers/ and a conversion of its rows."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLInt,
    GraphQLString,
    InlineFragmentNode,
    value_from_ast,
)
from strawberry import UNSET

import cypher
from resolvers import lookups, paths, search
from resolvers import slice as slices
from resolvers.context import Context
from schema import account, collaboration
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


def _selects_any(info: Info, names: frozenset[str]) -> bool:
    """Whether the field's selection (through fragments) names one of `names`, read from the
    query's syntax tree: strawberry's `selected_fields` builds objects for the whole subtree."""
    raw = info._raw_info
    fragments = raw.fragments
    pending = [node.selection_set for node in raw.field_nodes if node.selection_set]
    seen: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                if selection.name.value in names:
                    return True
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)
    return False


def _first_works_page(info: Info) -> tuple[int, str | None, bool] | None:
    """When the author's selection names `works` once, directly, without filter or orderBy:
    its `first` and `after`, and whether its edges' nodes select `venue` (all directly). The
    author lookup then fetches that page with the profile; other shapes are left to the
    fields' own batched queries."""
    raw = info._raw_info
    found = [
        selection
        for node in raw.field_nodes
        if node.selection_set
        for selection in node.selection_set.selections
        if isinstance(selection, FieldNode) and selection.name.value == "works"
    ]
    if len(found) != 1 or found[0].directives:
        return None
    [works] = found
    given_args = {argument.name.value: argument.value for argument in works.arguments or ()}
    # graphql-core types them as VariableValues; the execution context hands a plain dict.
    values: Any = raw.variable_values
    variables: dict[str, Any] = getattr(values, "coerced", values)
    if set(given_args) - {"first", "after"}:
        return None
    first = (
        value_from_ast(given_args["first"], GraphQLInt, variables) if "first" in given_args else 20
    )
    after = (
        value_from_ast(given_args["after"], GraphQLString, variables)
        if "after" in given_args
        else None
    )
    if not isinstance(first, int) or (after is not None and not isinstance(after, str)):
        return None
    return first, after, _selects_venue(works)


def _selects_venue(works: FieldNode) -> bool:
    for edges in _direct(works, "edges"):
        for node in _direct(edges, "node"):
            if _direct(node, "venue"):
                return True
    return False


def _direct(field: FieldNode, name: str) -> list[FieldNode]:
    if field.selection_set is None:
        return []
    return [
        s
        for s in field.selection_set.selections
        if isinstance(s, FieldNode) and s.name.value == name
    ]


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
        profile = _selects_any(info, PROFILE_FIELDS)
        page = _first_works_page(info) if profile and given(id) is not None else None
        if page is not None:  # the profile and its first page of works in one statement
            first, after, venues = page
            row = await lookups.author_page(
                info.context, id=str(id), works_first=first, works_after=after, venues=venues
            )
            if row is not None:
                return Author.from_row(row["author"], row)
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
