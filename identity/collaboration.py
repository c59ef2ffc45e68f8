"""Direct collaboration between researchers: invitations, conversations, blocks (issue 12).

The rules, each refused with a machine-readable `reason` (FORBIDDEN) or RATE_LIMITED:

- the sender holds an active claim (`(:User)-[:CLAIMED {level: 'L2'|'L3'}]->(:Author)`, written by
  identity/claims.py) and the invited record is claimed by another account and open to
  collaborate;
- neither account blocked the other; at most one open invitation per pair of accounts, whatever
  the direction, and no new one while the pair has an open conversation;
- at most `invitations_per_day` new invitations per sender in any 24 hours, counted in Neo4j
  (so the limit holds across replicas).

`lock_of` decides; the page asks the same function through `Author.invitePermission`, so the lock
explanation and the mutation never disagree. An invitation is created in one write transaction
that first takes the sender's write lock, then reads the state and decides: one sender's
invitations are decided one at a time. Two accounts inviting each other at once are kept to one
open invitation by the constraint `invitation_open_pair`.

A conversation is readable by its two participants only: every query starts from the asking
account's `PARTICIPATES_IN`, so another account (an admin too) gets nothing, the same answer as
for an id that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import neo4j

from identity import secrets
from identity.errors import Forbidden, RateLimited
from identity.graph import Graph, Transaction

SUBJECT_MAX_CHARS = 200
DECLINE_REASON_MAX_CHARS = 500
DAY = timedelta(days=1)

Row = dict[str, Any]


class Lock(StrEnum):
    """Why an account may not invite a record's holder (the `reason` of the refusal)."""

    SIGNED_OUT = "SIGNED_OUT"
    VIEWER_HAS_NO_CLAIM = "VIEWER_HAS_NO_CLAIM"
    SELF = "SELF"
    TARGET_UNCLAIMED = "TARGET_UNCLAIMED"
    TARGET_NOT_OPEN = "TARGET_NOT_OPEN"
    BLOCKED = "BLOCKED"
    OPEN_INVITATION_EXISTS = "OPEN_INVITATION_EXISTS"
    CONVERSATION_OPEN = "CONVERSATION_OPEN"
    DAILY_LIMIT = "DAILY_LIMIT"


MESSAGES = {
    Lock.SIGNED_OUT: "Sign in to invite researchers to collaborate.",
    Lock.VIEWER_HAS_NO_CLAIM: "Claim your own author record first to unlock direct invitations.",
    Lock.SELF: "This is your own record.",
    Lock.TARGET_UNCLAIMED: "This author record is not claimed by a researcher yet, so there is "
    "nobody to invite.",
    Lock.TARGET_NOT_OPEN: "This researcher is not open to collaboration invitations.",
    Lock.BLOCKED: "Invitations between you and this researcher are blocked.",
    Lock.OPEN_INVITATION_EXISTS: "An invitation between you and this researcher is waiting for "
    "an answer.",
    Lock.CONVERSATION_OPEN: "You already have an open conversation with this researcher.",
    Lock.DAILY_LIMIT: "You have sent as many invitations as you may in 24 hours.",
}


class Refused(Forbidden):
    """FORBIDDEN with the machine-readable `reason`."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message, reason=reason)
        self.reason = reason


class InputProblem(ValueError):
    """Input the operation cannot use; `argument` names it (BAD_USER_INPUT)."""

    def __init__(self, message: str, *, argument: str) -> None:
        super().__init__(message)
        self.argument = argument


class Missing(LookupError):
    """Nothing with that id that the account may see (NOT_FOUND)."""

    def __init__(self, message: str, *, argument: str) -> None:
        super().__init__(message)
        self.argument = argument


@dataclass(frozen=True)
class Access:
    """What invitations/access read about a viewer and a record."""

    author_id: str
    own_author: str | None
    recipient: str | None
    pair: str | None
    open: bool
    blocked: bool
    open_invitation: bool
    open_conversation: bool
    sent_today: int
    oldest_today: datetime | None

    @classmethod
    def of(cls, record: neo4j.Record) -> Access:
        oldest = record["oldest_today"]
        return cls(
            author_id=record["author_id"],
            own_author=record["own_author"],
            recipient=record["recipient"],
            pair=record["pair"],
            open=bool(record["open"]),
            blocked=bool(record["blocked"]),
            open_invitation=bool(record["open_invitation"]),
            open_conversation=bool(record["open_conversation"]),
            sent_today=int(record["sent_today"]),
            oldest_today=None if oldest is None else oldest.to_native(),
        )


def lock_of(access: Access, viewer_id: str, per_day: int) -> Lock | None:
    """The first rule that stops the viewer inviting the record's holder; None: allowed."""
    if access.own_author is None:
        return Lock.VIEWER_HAS_NO_CLAIM
    if access.own_author == access.author_id or access.recipient == viewer_id:
        return Lock.SELF
    if access.recipient is None:
        return Lock.TARGET_UNCLAIMED
    if not access.open:
        return Lock.TARGET_NOT_OPEN
    if access.blocked:
        return Lock.BLOCKED
    if access.open_invitation:
        return Lock.OPEN_INVITATION_EXISTS
    if access.open_conversation:
        return Lock.CONVERSATION_OPEN
    if access.sent_today >= per_day:
        return Lock.DAILY_LIMIT
    return None


def retry_after(access: Access) -> int:
    """Seconds until the oldest invitation of the last 24 hours leaves the window."""
    if access.oldest_today is None:
        return 1
    left = access.oldest_today + DAY - datetime.now(UTC)
    return max(1, int(left.total_seconds()) + 1)


def refusal(lock: Lock, access: Access, per_day: int) -> Exception:
    if lock is Lock.DAILY_LIMIT:
        seconds = retry_after(access)
        return RateLimited(
            f"{MESSAGES[lock]} ({per_day} per day); try again in {seconds} s",
            retry_after=seconds,
            reason=lock.value,
            limit=f"{per_day} invitations per day",
        )
    return Refused(lock.value, MESSAGES[lock])


async def access(graph: Graph | Transaction, user_id: str, author_id: str) -> Access | None:
    """None when there is no author with that id."""
    if isinstance(graph, Graph):
        records = await graph.read("invitations/access", userId=user_id, authorId=author_id)
    else:
        records = await graph.run("invitations/access", userId=user_id, authorId=author_id)
    return Access.of(records[0]) if records else None


# -- input checks ------------------------------------------------------------------------------


def text(value: str | None, *, argument: str, maximum: int, required: bool) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise InputProblem(f"`{argument}` is empty; write a few words", argument=argument)
        return None
    if len(cleaned) > maximum:
        raise InputProblem(
            f"`{argument}` has {len(cleaned)} characters; at most {maximum} are allowed",
            argument=argument,
        )
    return cleaned


@dataclass(frozen=True)
class Subject:
    text: str
    kind: str | None = None  # 'work' | 'topic'
    id: str | None = None


async def check_subject(
    graph: Graph, *, text_value: str, work_id: str | None, topic_id: str | None
) -> Subject:
    subject_text = text(
        text_value, argument="subject.text", maximum=SUBJECT_MAX_CHARS, required=True
    )
    assert subject_text is not None
    if work_id is not None and topic_id is not None:
        raise InputProblem(
            "a subject names a work or a topic, not both", argument="subject.topicId"
        )
    for kind, node_id, query, argument in (
        ("work", work_id, "works/by_ids", "subject.workId"),
        ("topic", topic_id, "topics/by_ids", "subject.topicId"),
    ):
        if node_id is not None:
            if not await graph.read(query, ids=[node_id]):
                raise Missing(f"no {kind} with id {node_id!r} in the graph", argument=argument)
            return Subject(subject_text, kind, node_id)
    return Subject(subject_text)


# -- invitations -------------------------------------------------------------------------------


async def invite(
    graph: Graph,
    *,
    user_id: str,
    author_id: str,
    subject: Subject,
    message: str,
    per_day: int,
) -> Row:
    """The new invitation's row; Refused / RateLimited / Missing otherwise."""

    async def work(tx: Transaction) -> Row:
        await tx.run("invitations/lock_sender", userId=user_id)
        found = await access(tx, user_id, author_id)
        if found is None:
            raise Missing(f"no author with id {author_id!r}", argument="authorId")
        lock = lock_of(found, user_id, per_day)
        if lock is not None:
            raise refusal(lock, found, per_day)
        [record] = await tx.run(
            "invitations/create",
            userId=user_id,
            recipientId=found.recipient,
            id=secrets.new_id("I"),
            pair=found.pair,
            subjectText=subject.text,
            subjectKind=subject.kind,
            subjectId=subject.id,
            message=message,
            senderAuthor=found.own_author,
            recipientAuthor=found.author_id,
        )
        row: Row = record["invitation"]
        return row

    try:
        return await graph.transaction(work)
    except neo4j.exceptions.ConstraintError:
        # The other account invited this one in the same moment: theirs is the open one.
        lock = Lock.OPEN_INVITATION_EXISTS
        raise Refused(lock.value, MESSAGES[lock]) from None


async def decide(
    graph: Graph, *, user_id: str, invitation_id: str, accept: bool, reason: str | None
) -> Row:
    """Accept (a conversation opens) or decline an open invitation sent to this account."""

    async def work(tx: Transaction) -> Row:
        records = await tx.run("invitations/decision_state", id=invitation_id)
        state = records[0] if records else None
        if state is None or user_id not in (state["sender"], state["recipient"]):
            raise Missing(f"you have no invitation with id {invitation_id!r}", argument="id")
        if state["recipient"] != user_id:
            raise Refused(
                "NOT_RECIPIENT", "only the invited researcher accepts or declines an invitation"
            )
        if state["status"] != "open":
            raise Refused("NOT_OPEN", f"this invitation is {state['status']} already")
        if accept and state["blocked"]:
            raise Refused(Lock.BLOCKED.value, MESSAGES[Lock.BLOCKED])
        if accept:
            [record] = await tx.run(
                "invitations/accept",
                id=invitation_id,
                conversationId=secrets.new_id("C"),
                pair=state["pair"],
            )
        else:
            [record] = await tx.run("invitations/decline", id=invitation_id, reason=reason)
        row: Row = record["invitation"]
        return row

    try:
        return await graph.transaction(work)
    except neo4j.exceptions.ConstraintError:
        lock = Lock.CONVERSATION_OPEN
        raise Refused(lock.value, MESSAGES[lock]) from None


async def withdraw(graph: Graph, *, user_id: str, invitation_id: str) -> Row:
    """The sender takes back an open invitation (status `withdrawn`); the recipient may not, and
    for any other account (an admin too) it does not exist."""

    async def work(tx: Transaction) -> Row:
        records = await tx.run("invitations/decision_state", id=invitation_id)
        state = records[0] if records else None
        if state is None or user_id not in (state["sender"], state["recipient"]):
            raise Missing(f"you have no invitation with id {invitation_id!r}", argument="id")
        if state["sender"] != user_id:
            raise Refused(
                "NOT_SENDER", "only the researcher who sent an invitation withdraws it; decline it"
            )
        if state["status"] != "open":
            raise Refused("NOT_OPEN", f"this invitation is {state['status']} already")
        [record] = await tx.run("invitations/withdraw", id=invitation_id)
        row: Row = record["invitation"]
        return row

    return await graph.transaction(work)


async def invitations(
    graph: Graph,
    user_id: str,
    *,
    direction: str | None,
    status: str | None,
    first: int,
    after: list[Any] | None,
) -> tuple[int, list[Row]]:
    [record] = await graph.read(
        "invitations/list",
        userId=user_id,
        direction=direction,
        status=status,
        first=first,
        after=after,
    )
    return record["total"], record["page"]


# -- blocks ------------------------------------------------------------------------------------


async def block(graph: Graph, *, user_id: str, author_id: str, on: bool) -> bool:
    """Block (or unblock) the account holding this author record; True while blocked."""
    found = await access(graph, user_id, author_id)
    if found is None:
        raise Missing(f"no author with id {author_id!r}", argument="authorId")
    if found.recipient is None:
        lock = Lock.TARGET_UNCLAIMED
        raise Refused(lock.value, "this author record is not claimed; there is nobody to block")
    if found.recipient == user_id:
        raise Refused(Lock.SELF.value, "you cannot block yourself")
    [record] = await graph.write(
        "invitations/block" if on else "invitations/unblock",
        userId=user_id,
        otherId=found.recipient,
        pair=found.pair,
    )
    return bool(record["blocked"])


# -- conversations -----------------------------------------------------------------------------


def _no_conversation(conversation_id: str, argument: str) -> Missing:
    return Missing(f"you have no conversation with id {conversation_id!r}", argument=argument)


async def conversation(graph: Graph, user_id: str, conversation_id: str) -> Row:
    records = await graph.read("conversations/by_id", userId=user_id, id=conversation_id)
    if not records:
        raise _no_conversation(conversation_id, "id")
    row: Row = records[0]["conversation"]
    return row


async def send(graph: Graph, *, user_id: str, conversation_id: str, body: str) -> Row:
    async def work(tx: Transaction) -> Row:
        records = await tx.run("conversations/state", userId=user_id, id=conversation_id)
        if not records:
            raise _no_conversation(conversation_id, "conversationId")
        if records[0]["closed"]:
            raise Refused("CONVERSATION_CLOSED", "this conversation is closed")
        if records[0]["blocked"]:
            raise Refused(Lock.BLOCKED.value, "messages between you two are blocked")
        [record] = await tx.run(
            "conversations/send",
            userId=user_id,
            id=conversation_id,
            messageId=secrets.new_id("M"),
            body=body,
        )
        row: Row = record["message"]
        return row

    return await graph.transaction(work)


async def mark_read(graph: Graph, *, user_id: str, conversation_id: str, up_to: int | None) -> None:
    records = await graph.write(
        "conversations/mark_read", userId=user_id, id=conversation_id, upTo=up_to
    )
    if not records:
        raise _no_conversation(conversation_id, "conversationId")


async def close(graph: Graph, *, user_id: str, conversation_id: str) -> None:
    records = await graph.write("conversations/close", userId=user_id, id=conversation_id)
    if not records:
        raise _no_conversation(conversation_id, "id")


async def conversations(
    graph: Graph,
    user_id: str,
    *,
    status: str | None,
    first: int,
    after: list[Any] | None,
) -> tuple[int, list[Row]]:
    [record] = await graph.read(
        "conversations/list", userId=user_id, status=status, first=first, after=after
    )
    return record["total"], record["page"]


async def messages(
    graph: Graph, user_id: str, conversation_id: str, *, first: int, after: int | None
) -> tuple[int, list[Row]]:
    records = await graph.read(
        "conversations/messages", userId=user_id, id=conversation_id, first=first, after=after
    )
    if not records:
        raise _no_conversation(conversation_id, "id")
    return records[0]["total"], records[0]["page"]


# -- e-mail notifications ----------------------------------------------------------------------
# The preference is stored here; sending belongs to identity/mail.py (the claims branch), which
# reads `wants_email` before it mails an invitation or a message to its recipient.


async def wants_email(graph: Graph, user_id: str) -> bool:
    records = await graph.read("users/notify_by_email", userId=user_id)
    return bool(records[0]["notify"]) if records else False


async def set_email_notifications(graph: Graph, user_id: str, *, on: bool) -> bool:
    [record] = await graph.write("users/set_notify_by_email", userId=user_id, on=on)
    return bool(record["notify"])
