"""Whether the viewer may invite an author record's holder, and why not: `Author.invitePermission`
(its own module so that schema.types can use it; the rest of collaboration is schema.collaboration).
"""

from __future__ import annotations

from enum import Enum

import strawberry

from identity.collaboration import Lock
from resolvers import collaboration
from resolvers.context import Context

Info = strawberry.Info[Context, None]


@strawberry.enum(
    description="Why the viewer may not invite this researcher (the `reason` of the FORBIDDEN "
    "inviteToCollaborate answers with)."
)
class InviteLock(Enum):
    SIGNED_OUT = "SIGNED_OUT"
    VIEWER_HAS_NO_CLAIM = "VIEWER_HAS_NO_CLAIM"
    SELF = "SELF"
    TARGET_UNCLAIMED = "TARGET_UNCLAIMED"
    TARGET_NOT_OPEN = "TARGET_NOT_OPEN"
    BLOCKED = "BLOCKED"
    OPEN_INVITATION_EXISTS = "OPEN_INVITATION_EXISTS"
    CONVERSATION_OPEN = "CONVERSATION_OPEN"
    DAILY_LIMIT = "DAILY_LIMIT"


@strawberry.type(description="Whether the viewer may invite this author's researcher now.")
class InvitePermission:
    allowed: bool
    reason: InviteLock | None = strawberry.field(description="Null when allowed.")
    message: str | None = strawberry.field(description="The lock explained, for the page.")


async def invite_permission(info: Info, author_id: str) -> InvitePermission:
    lock, message = await collaboration.permission(info.context, author_id)
    return InvitePermission(
        allowed=lock is None,
        reason=None if lock is None else InviteLock(Lock(lock).value),
        message=message,
    )
