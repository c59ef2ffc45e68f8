"""Direct collaboration in the API: invitations, conversations, messages, blocks.

Types are built from rows of cypher/invitations and cypher/conversations; every one carries the
asking account's id (Private) so that a field can say "sent by you" without exposing account
ids. The people in them are shown by the author records they held when they were invited.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import UNSET, Private

from resolvers import collaboration, ids
from resolvers.context import Context
from resolvers.errors import Unauthenticated
from schema.connections import PageInfo
from schema.types import Author, Topic, Work, given

Info = strawberry.Info[Context, None]
Row = dict[str, Any]


@strawberry.enum
class InvitationStatus(Enum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    WITHDRAWN = "withdrawn"


@strawberry.enum
class InvitationDirection(Enum):
    SENT = "sent"
    RECEIVED = "received"


@strawberry.enum
class ConversationStatus(Enum):
    OPEN = "open"
    CLOSED = "closed"


@strawberry.input(
    description="What an invitation is about: a line of text, and optionally a work "
    "or a topic of the graph."
)
class InvitationSubjectInput:
    text: str
    work_id: strawberry.ID | None = UNSET
    topic_id: strawberry.ID | None = UNSET


def _native(value: Any) -> datetime | None:
    return None if value is None else value.to_native()


async def _author(info: Info, author_id: str | None) -> Author | None:
    if author_id is None:
        return None
    row = await info.context.loaders.author.load(author_id)
    return None if row is None else Author.from_row(row)


@strawberry.type
class InvitationSubject:
    text: str
    _kind: Private[str | None]
    _id: Private[str | None]

    @strawberry.field(description="The work the subject names, if any.")
    async def work(self, info: Info) -> Work | None:
        if self._kind != "work" or self._id is None:
            return None
        row = await info.context.loaders.work.load(self._id)
        return None if row is None else Work.from_row(row)

    @strawberry.field(description="The topic the subject names, if any.")
    async def topic(self, info: Info) -> Topic | None:
        if self._kind != "topic" or self._id is None:
            return None
        row = await info.context.loaders.topic.load(self._id)
        return None if row is None else Topic.from_row(row)

    @classmethod
    def of(cls, row: Row) -> InvitationSubject:
        return cls(text=row["subject_text"], _kind=row["subject_kind"], _id=row["subject_id"])


@strawberry.type(description="An invitation to collaborate; only its sender and recipient see it.")
class Invitation:
    id: strawberry.ID
    status: InvitationStatus
    subject: InvitationSubject
    message: str
    created_at: datetime
    decided_at: datetime | None
    decline_reason: str | None
    direction: InvitationDirection = strawberry.field(
        description="SENT when the viewer sent it, RECEIVED when the viewer was invited."
    )
    _row: Private[Row]
    _viewer: Private[str]

    @classmethod
    def of(cls, row: Row, viewer: str) -> Invitation:
        return cls(
            id=strawberry.ID(row["id"]),
            status=InvitationStatus(row["status"]),
            subject=InvitationSubject.of(row),
            message=row["message"],
            created_at=row["created"].to_native(),
            decided_at=_native(row.get("decided_at")),
            decline_reason=row.get("decline_reason"),
            direction=InvitationDirection.SENT
            if row["sender"] == viewer
            else InvitationDirection.RECEIVED,
            _row=row,
            _viewer=viewer,
        )

    @strawberry.field(description="The sender's author record (the one they had claimed).")
    async def sender(self, info: Info) -> Author | None:
        return await _author(info, self._row.get("sender_author"))

    @strawberry.field(description="The invited author record.")
    async def recipient(self, info: Info) -> Author | None:
        return await _author(info, self._row.get("recipient_author"))

    @strawberry.field(description="The conversation its acceptance opened.")
    async def conversation(self, info: Info) -> Conversation | None:
        conversation_id = self._row.get("conversation")
        if conversation_id is None:
            return None
        row = await collaboration.conversation(info.context, conversation_id)
        return Conversation.of(_with_viewer(row, self._viewer))


@strawberry.type
class ConversationParticipant:
    is_viewer: bool
    read_up_to: int = strawberry.field(
        description="The number of the last message this participant has read (0: none)."
    )
    last_read_at: datetime | None
    _author_id: Private[str | None]

    @strawberry.field(description="The participant's author record.")
    async def author(self, info: Info) -> Author | None:
        return await _author(info, self._author_id)


@strawberry.type(description="A message of a conversation.")
class Message:
    id: strawberry.ID
    number: int = strawberry.field(description="1, 2, 3, ... in the order they were sent.")
    body: str
    sent_at: datetime
    from_viewer: bool
    _author_id: Private[str | None]

    @classmethod
    def of(cls, row: Row, viewer: str, authors: dict[str, str | None]) -> Message:
        return cls(
            id=strawberry.ID(row["id"]),
            number=row["seq"],
            body=row["body"],
            sent_at=row["sent"].to_native(),
            from_viewer=row["sender"] == viewer,
            _author_id=authors.get(row["sender"]),
        )

    @strawberry.field(description="The sender's author record.")
    async def sender(self, info: Info) -> Author | None:
        return await _author(info, self._author_id)


@strawberry.type
class MessageEdge:
    node: Message
    cursor: str


@strawberry.type
class MessageConnection:
    edges: list[MessageEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(
    description="A conversation between two researchers; only the two of them can read it."
)
class Conversation:
    id: strawberry.ID
    created_at: datetime
    closed_at: datetime | None
    closed_by_viewer: bool
    subject: InvitationSubject
    message_count: int
    last_message_at: datetime | None
    unread_count: int = strawberry.field(description="Messages the viewer has not read.")
    participants: list[ConversationParticipant]
    _viewer: Private[str]
    _authors: Private[dict[str, str | None]]

    @classmethod
    def of(cls, row: Row) -> Conversation:
        viewer: str = row["viewer"]
        own = next((p for p in row["participants"] if p["user"] == viewer), None)
        return cls(
            id=strawberry.ID(row["id"]),
            created_at=row["created"].to_native(),
            closed_at=_native(row.get("closed_at")),
            closed_by_viewer=row.get("closed_by") == viewer,
            subject=InvitationSubject.of(row),
            message_count=row["last_seq"],
            last_message_at=_native(row.get("last_message_at")),
            unread_count=row["last_seq"] - (own["read_upto"] if own else 0),
            participants=[
                ConversationParticipant(
                    is_viewer=p["user"] == viewer,
                    read_up_to=p["read_upto"],
                    last_read_at=_native(p.get("read_at")),
                    _author_id=p.get("author"),
                )
                for p in row["participants"]
            ],
            _viewer=viewer,
            _authors={p["user"]: p.get("author") for p in row["participants"]},
        )

    @strawberry.field
    def open(self) -> bool:
        return self.closed_at is None

    @strawberry.field(description="The messages in the order they were sent.")
    async def messages(
        self, info: Info, first: int | None = 50, after: str | None = UNSET
    ) -> MessageConnection:
        page = await collaboration.messages(
            info.context, str(self.id), first=50 if first is None else first, after=given(after)
        )
        return MessageConnection(
            edges=[
                MessageEdge(node=Message.of(row, self._viewer, self._authors), cursor=cursor)
                for row, cursor in zip(page.rows, page.cursors, strict=True)
            ],
            page_info=PageInfo.of(page),
            total_count=page.total,
        )


@strawberry.type
class InvitationEdge:
    node: Invitation
    cursor: str


@strawberry.type
class InvitationConnection:
    edges: list[InvitationEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class ConversationEdge:
    node: Conversation
    cursor: str


@strawberry.type
class ConversationConnection:
    edges: list[ConversationEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class BlockPayload:
    author: Author
    blocked: bool = strawberry.field(description="Whether the viewer now blocks this researcher.")


def _with_viewer(row: Row, viewer: str) -> Row:
    return {**row, "viewer": viewer}


async def _viewer(info: Info) -> str:
    principal = await info.context.principal()
    if principal.account is None:
        raise Unauthenticated(principal.problem or "sign in first")
    return str(principal.account.id)


async def invitations(
    info: Info,
    account_id: str,
    *,
    direction: InvitationDirection | None,
    status: InvitationStatus | None,
    first: int,
    after: str | None,
) -> InvitationConnection:
    page = await collaboration.invitations(
        info.context,
        account_id,
        direction=None if direction is None else direction.value,
        status=None if status is None else status.value,
        first=first,
        after=after,
    )
    return InvitationConnection(
        edges=[
            InvitationEdge(node=Invitation.of(row, account_id), cursor=cursor)
            for row, cursor in zip(page.rows, page.cursors, strict=True)
        ],
        page_info=PageInfo.of(page),
        total_count=page.total,
    )


async def conversations(
    info: Info, account_id: str, *, status: ConversationStatus | None, first: int, after: str | None
) -> ConversationConnection:
    page = await collaboration.conversations(
        info.context,
        account_id,
        status=None if status is None else status.value,
        first=first,
        after=after,
    )
    return ConversationConnection(
        edges=[
            ConversationEdge(node=Conversation.of(_with_viewer(row, account_id)), cursor=cursor)
            for row, cursor in zip(page.rows, page.cursors, strict=True)
        ],
        page_info=PageInfo.of(page),
        total_count=page.total,
    )


async def notify_by_email(info: Info, account_id: str) -> bool:
    return await collaboration.notify_by_email(info.context, account_id)


async def conversation(info: Info, id: str) -> Conversation:
    row = await collaboration.conversation(info.context, id)
    return Conversation.of(_with_viewer(row, await _viewer(info)))


@strawberry.type
class CollaborationMutation:
    @strawberry.mutation(
        description="Invite the researcher holding this author record to a focused conversation. "
        "Needs a claimed record of your own; FORBIDDEN with a `reason` (Author.invitePermission "
        "tells in advance), RATE_LIMITED past the daily limit."
    )
    async def invite_to_collaborate(
        self, info: Info, author_id: strawberry.ID, subject: InvitationSubjectInput, message: str
    ) -> Invitation:
        row = await collaboration.invite(
            info.context,
            author_id=str(author_id),
            subject_text=subject.text,
            work_id=given(subject.work_id),
            topic_id=given(subject.topic_id),
            message=message,
        )
        return Invitation.of(row, await _viewer(info))

    @strawberry.mutation(description="Accept an invitation sent to you: a conversation opens.")
    async def accept_invitation(self, info: Info, id: strawberry.ID) -> Invitation:
        row = await collaboration.decide(info.context, str(id), accept=True, reason=None)
        return Invitation.of(row, await _viewer(info))

    @strawberry.mutation(description="Decline an invitation sent to you (a reason is optional).")
    async def decline_invitation(
        self, info: Info, id: strawberry.ID, reason: str | None = UNSET
    ) -> Invitation:
        row = await collaboration.decide(info.context, str(id), accept=False, reason=given(reason))
        return Invitation.of(row, await _viewer(info))

    @strawberry.mutation(
        description="Withdraw an open invitation you sent (status WITHDRAWN); FORBIDDEN with "
        "`reason` NOT_SENDER for its recipient (who declines instead) or NOT_OPEN once decided."
    )
    async def withdraw_invitation(self, info: Info, id: strawberry.ID) -> Invitation:
        row = await collaboration.withdraw(info.context, str(id))
        return Invitation.of(row, await _viewer(info))

    @strawberry.mutation(description="Send a message in an open conversation of yours.")
    async def send_message(self, info: Info, conversation_id: strawberry.ID, body: str) -> Message:
        row = await collaboration.send(info.context, str(conversation_id), body)
        viewer = await _viewer(info)
        conversation_row = await collaboration.conversation(info.context, str(conversation_id))
        authors = {p["user"]: p.get("author") for p in conversation_row["participants"]}
        return Message.of(row, viewer, authors)

    @strawberry.mutation(
        description="Mark a conversation read up to message number `upTo` (default: all)."
    )
    async def mark_read(
        self, info: Info, conversation_id: strawberry.ID, up_to: int | None = UNSET
    ) -> Conversation:
        row = await collaboration.mark_read(info.context, str(conversation_id), given(up_to))
        return Conversation.of(_with_viewer(row, await _viewer(info)))

    @strawberry.mutation(description="Close a conversation of yours (either participant may).")
    async def close_conversation(self, info: Info, id: strawberry.ID) -> Conversation:
        row = await collaboration.close(info.context, str(id))
        return Conversation.of(_with_viewer(row, await _viewer(info)))

    @strawberry.mutation(
        description="Block the researcher holding this author record: no invitation or message "
        "gets through between you, either way; their open invitation is cancelled."
    )
    async def block_researcher(self, info: Info, author_id: strawberry.ID) -> BlockPayload:
        blocked = await collaboration.block(info.context, str(author_id), on=True)
        author = await _author(info, ids.node_id(str(author_id)))
        assert author is not None
        return BlockPayload(author=author, blocked=blocked)

    @strawberry.mutation(
        description="Whether to get e-mail about new invitations and messages (on by default); "
        "the new setting."
    )
    async def set_notify_by_email(self, info: Info, on: bool) -> bool:
        return await collaboration.set_notify_by_email(info.context, on)

    @strawberry.mutation(description="Lift a block you set on this researcher.")
    async def unblock_researcher(self, info: Info, author_id: strawberry.ID) -> BlockPayload:
        blocked = await collaboration.block(info.context, str(author_id), on=False)
        author = await _author(info, ids.node_id(str(author_id)))
        assert author is not None
        return BlockPayload(author=author, blocked=blocked)
