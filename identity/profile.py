"""What the holder of a claimed record edits on it (docs/api.md, "Profile edits"):
`open_to_collaborate`, a one-line `description`, and authorships wrongly attached to the record
(rejected with the reason, which stays shown). Each edit is dated on the record
(`<field>_set_at`); loads never overwrite a field the researcher set, and never touch the
`:AuthorshipRejection` nodes (public; who made one is private), so a reload changes none of it."""

from __future__ import annotations

from identity.claims import ClaimRefused
from identity.graph import Graph

MAX_DESCRIPTION = 200  # one line
MAX_REASON = 500


def _line(value: str, *, argument: str, limit: int) -> str:
    text = " ".join(value.split())
    if len(text) > limit:
        raise ClaimRefused(
            f"`{argument}` has {len(text)} characters; at most {limit} (one line)",
            reason="too-long",
            code="BAD_USER_INPUT",
            argument=argument,
        )
    return text


def _no_record() -> ClaimRefused:
    return ClaimRefused(
        "only the holder of a record's active claim edits it; claim it first (claimAuthor)",
        reason="not-claim-holder",
    )


async def edit(
    graph: Graph,
    *,
    user_id: str,
    open_to_collaborate: bool | None,
    description: str | None,
) -> str:
    """The edited record's id. An empty description removes it."""
    text = (
        None
        if description is None
        else _line(description, argument="description", limit=MAX_DESCRIPTION)
    )
    records = await graph.write(
        "profile/edit",
        userId=user_id,
        openToCollaborate=open_to_collaborate,
        description=text,
    )
    if not records:
        raise _no_record()
    author_id: str = records[0]["id"]
    return author_id


async def reject_authorship(graph: Graph, *, user_id: str, work_id: str, reason: str) -> str:
    why = _line(reason, argument="reason", limit=MAX_REASON)
    if not why:
        raise ClaimRefused(
            "`reason` is empty; say why the work is not yours",
            reason="empty",
            code="BAD_USER_INPUT",
            argument="reason",
        )
    records = await graph.write(
        "profile/reject_authorship", userId=user_id, workId=work_id, reason=why
    )
    if not records:
        held = await graph.read("claims/open_of", userId=user_id)
        if not held or held[0]["claim"]["status"] != "ACTIVE":
            raise _no_record()
        raise ClaimRefused(
            f"the claimed record has no work {work_id!r}",
            reason="no-such-authorship",
            code="NOT_FOUND",
            argument="workId",
        )
    author_id: str = records[0]["author_id"]
    return author_id
