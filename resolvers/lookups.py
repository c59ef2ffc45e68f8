"""Root lookups by id or alternate id: exactly one of them, NOT_FOUND when nothing matches."""

from __future__ import annotations

from typing import Any

from cypher import query
from kg.graph_rules import CLOSE_COLLABORATOR_STRENGTH
from resolvers import ids, lists
from resolvers.context import Context
from resolvers.errors import BadUserInput, NotFound

Row = dict[str, Any]


def _one_of(kind: str, **given: str | None) -> tuple[str, str]:
    chosen = [(name, value) for name, value in given.items() if value is not None]
    if len(chosen) != 1:
        names = ", ".join(f"`{name}`" for name in given)
        raise BadUserInput(
            f"pass exactly one of {names} to look up a {kind}; got {len(chosen)}",
            argument=",".join(given),
        )
    return chosen[0]  # type: ignore[return-value]


def _found(row: Row | None, kind: str, argument: str, value: str) -> Row:
    if row is None:
        raise NotFound(f"no {kind} with {argument} {value!r}", argument=argument)
    return row


async def author(ctx: Context, *, id: str | None, orcid: str | None, profile: bool) -> Row:
    """The author's record; with `profile`, the whole profile row (record under "author")."""
    argument, value = _one_of("author", id=id, orcid=orcid)
    if argument == "orcid":
        found = await ctx.loaders.author_by_orcid.load(ids.orcid(value))
        row = _found(found, "author", argument, value)
        if not profile:
            return row
        value, argument = row["id"], "id"
    key = ids.node_id(value)
    if profile:
        return _found(await ctx.loaders.profile.load(key), "author", argument, value)
    return _found(await ctx.loaders.author.load(key), "author", argument, value)


async def work(ctx: Context, *, id: str | None, doi: str | None, arxiv_id: str | None) -> Row:
    argument, value = _one_of("work", id=id, doi=doi, arxivId=arxiv_id)
    loaders = ctx.loaders
    if argument == "doi":
        row = await loaders.work_by_doi.load(ids.doi(value))
    elif argument == "arxivId":
        row = await loaders.work_by_arxiv_id.load(ids.arxiv_id(value))
    else:
        row = await loaders.work.load(ids.node_id(value))
    return _found(row, "work", argument, value)


async def topic(ctx: Context, *, id: str) -> Row:
    return _found(await ctx.loaders.topic.load(ids.node_id(id)), "topic", "id", id)


async def institution(ctx: Context, *, id: str | None, ror: str | None) -> Row:
    argument, value = _one_of("institution", id=id, ror=ror)
    if argument == "ror":
        row = await ctx.loaders.institution_by_ror.load(ids.ror(value))
    else:
        row = await ctx.loaders.institution.load(ids.node_id(value))
    return _found(row, "institution", argument, value)


async def source(ctx: Context, *, id: str) -> Row:
    return _found(await ctx.loaders.source.load(ids.node_id(id)), "source", "id", id)


async def author_page(
    ctx: Context, *, id: str, works_first: int, works_after: str | None, venues: bool
) -> Row | None:
    """The profile row of the author `id` and its first page of works (default filter and
    order), with their venues when `venues`, in one statement (cypher/authors/profile_works);
    the page and the venues are primed into the loaders Author.works and Work.venue read, so
    they answer exactly as their own queries would. None when the arguments of the page are
    out of range: the field itself reports that."""
    key = ids.node_id(id)
    try:
        _, _, params = lists.work_params(
            list_name="works",
            max_page_size=ctx.settings.max_page_size,
            first=works_first,
            after=works_after,
        )
    except BadUserInput:
        return None
    records = await ctx.read(
        query("authors/profile_works"),
        ids=[key],
        closeStrength=CLOSE_COLLABORATOR_STRENGTH,
        venues=venues,
        **dict(params),
    )
    if not records:
        raise NotFound(f"no author with id {id!r}", argument="id")
    row = dict(records[0].items())
    total, rows = row.pop("works_total"), row.pop("works_rows")
    loaders = ctx.loaders
    loaders.profile.prime(key, row)
    loaders.author.prime(key, row["author"])
    loaders.author_works.prime((key, params), {"total": total, "rows": rows})
    if venues:
        for work in rows:
            loaders.venue.prime(work["work"]["id"], work["venue"])
    return row
