"""Whether the viewer may invite an author record's holder, and why not: `Author.invitePermission`
(its own module so that schema.types can use it; the rest of collaboration is schema.collaboration).
"""

from __future__ import annotations

import strawberry

from identity.collaboration import Lock
from resolvers import collaboration
from resolvers.context import Context

Info = strawberry.Info[Context, None]


# identity.collaboration's Lock, registered: one list of reasons for the rule and the API.
InviteLock = strawberry.enum(
    Lock,
    name="InviteLock",
    description="Why the viewer may not invite this researcher (the `reason` of the FORBIDDEN "
    "inviteToCollaborate answers with).",
)


@strawberry.type(description="Whether the viewer may invite this author's researcher now.")
class InvitePermission:
    allowed: bool
    reason: Lock | None = strawberry.field(description="Null when allowed.")
    message: str | None = strawberry.field(description="The lock explained, for the page.")


async def invite_permission(info: Info, author_id: str) -> InvitePermission:
    lock, message = await collaboration.permission(info.context, author_id)
    return InvitePermission(
        allowed=lock is None,
        reason=None if lock is None else Lock(lock),
        message=message,
    )
