"""Root lookups by id or alternate id: exactly one of them, NOT_FOUND when nothing matches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cypher import query
from kg.graph_rules import CLOSE_COLLABORATOR_STRENGTH
from resolvers import authors, ids, lists, pagination
from resolvers.context import Context
from resolvers.errors import BadUserInput, NotFound

Row = dict[str, Any]
Params = tuple[tuple[str, Any], ...]


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


@dataclass(frozen=True)
class WorksFold:
    """What a lookup's one `works` page selects, read ahead of the fields (schema/query.py):
    the page's arguments as the field's resolver gets them (lists.work_params' keywords), whether
    its nodes select `venue` and `authors`, and the arguments (close, first, after) of the
    authors' `collaborators` page when that is selected too; and for an author, the `first` of
    its `topics` when selected beside."""

    works: dict[str, Any]
    venues: bool = False
    authorships: bool = False
    collaborators: dict[str, Any] | None = None
    topics: int | None = None


# The collaborators page's parameters as cypher/authors/page names them (beside the works page's).
COLLABORATOR_PARAMS = {
    "limit": "collabLimit",
    "afterStrength": "collabAfterStrength",
    "afterWorks": "collabAfterWorks",
    "afterId": "collabAfterId",
    "close": "collabClose",
}


def _works_params(ctx: Context, list_name: str, fold: WorksFold) -> Params | None:
    try:
        _, _, params = lists.work_params(
            list_name=list_name, max_page_size=ctx.settings.max_page_size, **fold.works
        )
    except BadUserInput:  # the field itself reports it
        return None
    return params


def _collaborator_params(ctx: Context, fold: WorksFold) -> Params | None:
    if not fold.authorships or fold.collaborators is None:
        return None
    try:
        _, params = authors.collaborator_params(
            max_page_size=ctx.settings.max_page_size, **fold.collaborators
        )
    except BadUserInput:
        return None
    return params


def _topics_limit(ctx: Context, fold: WorksFold) -> int | None:
    if fold.topics is None:
        return None
    try:
        return pagination.page_size(fold.topics, maximum=ctx.settings.max_page_size)
    except BadUserInput:
        return None


async def author_page(ctx: Context, *, id: str, profile: bool, fold: WorksFold) -> Row | None:
    """The author `id` (its profile row when `profile`, else a row with its record under
    "author") and one page of its works, with what `fold` says its nodes select, in one
    statement (cypher/authors/page). Every part is primed into the loader its field reads
    (Author.works, Work.venue, Work.authors, Author.collaborators, Author.topics), so the fields
    answer exactly as their own queries would. None when the page's arguments are out of range:
    the field itself reports that."""
    key = ids.node_id(id)
    params = _works_params(ctx, "works", fold)
    if params is None:
        return None
    collab = _collaborator_params(ctx, fold)
    collab_args = {name: None for name in COLLABORATOR_PARAMS.values()} | {
        COLLABORATOR_PARAMS[name]: value for name, value in collab or () if name != "closeStrength"
    }
    topics = _topics_limit(ctx, fold)
    records = await ctx.read(
        query("authors/page"),
        topicsLimit=topics or 0,
        ids=[key],
        closeStrength=CLOSE_COLLABORATOR_STRENGTH,
        profile=profile,
        venues=fold.venues,
        authorships=fold.authorships,
        collaborators=collab is not None,
        **collab_args,
        **dict(params),
    )
    if not records:
        raise NotFound(f"no author with id {id!r}", argument="id")
    row = dict(records[0].items())
    total, rows = row.pop("works_total"), row.pop("works_rows")
    pages = row.pop("collaborator_pages")
    topic_rows = row.pop("topics_rows")
    loaders = ctx.loaders
    if profile:
        loaders.profile.prime(key, row)
    loaders.author.prime(key, row["author"])
    loaders.author_works.prime((key, params), {"total": total, "rows": rows})
    for work in rows:
        work_id = work["work"]["id"]
        if fold.venues:
            loaders.venue.prime(work_id, work["venue"])
        if fold.authorships:
            loaders.authorships.prime((work_id, ()), {"authorships": work["authorships"]})
    if topics is not None:
        loaders.author_topics.prime((key, (("limit", topics),)), {"topics": topic_rows})
    if collab is not None:
        for page in pages:
            loaders.collaborators.prime(
                (page["id"], collab), {"total": page["total"], "rows": page["rows"]}
            )
    return row


async def topic_page(ctx: Context, *, id: str, fold: WorksFold) -> Row | None:
    """The topic `id` (the row of its lookup) and one page of its works in one statement
    (cypher/topics/page), primed into the loaders Topic.works reads. None when the page's
    arguments are out of range."""
    key = ids.node_id(id)
    params = _works_params(ctx, "topic", fold)
    if params is None:
        return None
    records = await ctx.read(query("topics/page"), ids=[key], **dict(params))
    if not records:
        raise NotFound(f"no topic with id {id!r}", argument="id")
    row = dict(records[0].items())
    loaders = ctx.loaders
    loaders.topic.prime(key, row["topic"])
    loaders.topic_works.prime(
        (key, params), {"total": row["works_total"], "rows": row["works_rows"]}
    )
    return dict(row["topic"])
