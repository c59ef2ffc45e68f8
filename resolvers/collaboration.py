"""Invitations, conversations and blocks in the API: the gates, then identity/collaboration.py.

Every mutation passes `ctx.actor()` (CSRF, a signed-in researcher, the per-account mutation
rate; an API token may act too). Reads (`me.invitations`, `me.conversations`,
`conversation(id)`) take the asking account's id from its principal, never from an argument, so
nothing here can read another account's invitations or conversations, whatever the role.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from identity import collaboration as rules
from identity import csrf, notifications
from identity.collaboration import InputProblem, Lock, Missing
from resolvers import ids, pagination
from resolvers.context import Context
from resolvers.errors import BadUserInput, NotFound, RateLimited, Unauthenticated

INVITATIONS = "invitations"
CONVERSATIONS = "conversations"
MESSAGES = "messages"
Row = dict[str, Any]


@contextmanager
def coded() -> Iterator[None]:
    """identity.collaboration's input problems as the API's coded errors."""
    try:
        yield
    except InputProblem as error:
        raise BadUserInput(str(error), argument=error.argument) from None
    except Missing as error:
        raise NotFound(str(error), argument=error.argument) from None


def _origin(ctx: Context) -> str:
    """Where the links of a notification point: the service's own origin."""
    if ctx.request is not None:
        return csrf.expected_origin(ctx.request, ctx.settings)
    return ctx.settings.public_origin


async def _notify(ctx: Context, work: Callable[[str], Awaitable[str | None]]) -> None:
    """Mail a notification (identity/notifications.py) once the change is made: a mail that
    cannot go is in the outbox as failed, and nothing about it undoes the change or its answer."""
    try:
        await work(_origin(ctx))
    except Exception:
        logging.getLogger(__name__).exception("a collaboration notification was not mailed")


def _account_id(principal: Any) -> str:
    assert principal.account is not None
    return str(principal.account.id)


async def _reader(ctx: Context) -> str:
    """The asking account's id for a private read; UNAUTHENTICATED for nobody."""
    principal = await ctx.principal()
    if not principal.signed_in:
        raise Unauthenticated(principal.problem or "sign in to read your conversations")
    return _account_id(principal)


async def permission(ctx: Context, author_id: str) -> tuple[Lock | None, str | None]:
    """(lock, its explanation) for the viewer and this record; (None, None) when allowed."""
    principal = await ctx.principal()
    if not principal.signed_in:
        return Lock.SIGNED_OUT, rules.MESSAGES[Lock.SIGNED_OUT]
    found = await rules.access(ctx.graph, _account_id(principal), author_id)
    if found is None:
        return Lock.TARGET_UNCLAIMED, rules.MESSAGES[Lock.TARGET_UNCLAIMED]
    lock = rules.lock_of(found, _account_id(principal), ctx.settings.invitations_per_day)
    return lock, None if lock is None else rules.MESSAGES[lock]


async def invite(
    ctx: Context,
    *,
    author_id: str,
    subject_text: str,
    work_id: str | None,
    topic_id: str | None,
    message: str,
) -> Row:
    principal = await ctx.actor()
    target = ids.node_id(author_id, argument="authorId")
    with coded():
        body = rules.text(
            message,
            argument="message",
            maximum=ctx.settings.invitation_message_max_chars,
            required=True,
        )
        assert body is not None
        subject = await rules.check_subject(
            ctx.graph,
            text_value=subject_text,
            work_id=None if work_id is None else ids.node_id(work_id, argument="subject.workId"),
            topic_id=None
            if topic_id is None
            else ids.node_id(topic_id, argument="subject.topicId"),
        )
        try:
            row = await rules.invite(
                ctx.graph,
                user_id=_account_id(principal),
                author_id=target,
                subject=subject,
                message=body,
                per_day=ctx.settings.invitations_per_day,
            )
        except RateLimited as error:  # the daily limit: Retry-After as for the other limits
            if ctx.response is not None:
                ctx.response.headers["Retry-After"] = str(error.retry_after)
            raise
    await _notify(
        ctx, lambda origin: notifications.invited(ctx.graph, ctx.settings, row, origin=origin)
    )
    return row


async def decide(ctx: Context, invitation_id: str, *, accept: bool, reason: str | None) -> Row:
    principal = await ctx.actor()
    with coded():
        why = rules.text(
            reason, argument="reason", maximum=rules.DECLINE_REASON_MAX_CHARS, required=False
        )
        row = await rules.decide(
            ctx.graph,
            user_id=_account_id(principal),
            invitation_id=ids.node_id(invitation_id, argument="id"),
            accept=accept,
            reason=why,
        )
    if accept:
        await _notify(
            ctx, lambda origin: notifications.accepted(ctx.graph, ctx.settings, row, origin=origin)
        )
    return row


async def withdraw(ctx: Context, invitation_id: str) -> Row:
    principal = await ctx.actor()
    with coded():
        return await rules.withdraw(
            ctx.graph,
            user_id=_account_id(principal),
            invitation_id=ids.node_id(invitation_id, argument="id"),
        )


async def block(ctx: Context, author_id: str, *, on: bool) -> bool:
    principal = await ctx.actor()
    with coded():
        return await rules.block(
            ctx.graph,
            user_id=_account_id(principal),
            author_id=ids.node_id(author_id, argument="authorId"),
            on=on,
        )


async def send(ctx: Context, conversation_id: str, body: str) -> Row:
    principal = await ctx.actor()
    with coded():
        text = rules.text(
            body,
            argument="body",
            maximum=ctx.settings.conversation_message_max_chars,
            required=True,
        )
        assert text is not None
        key = ids.node_id(conversation_id, argument="conversationId")
        row = await rules.send(
            ctx.graph, user_id=_account_id(principal), conversation_id=key, body=text
        )
    await _notify(
        ctx,
        lambda origin: notifications.new_message(
            ctx.graph, ctx.settings, row, conversation_id=key, origin=origin
        ),
    )
    return row


async def mark_read(ctx: Context, conversation_id: str, up_to: int | None) -> Row:
    principal = await ctx.actor()
    if up_to is not None and up_to < 0:
        raise BadUserInput("`upTo` is a message number, 0 or more", argument="upTo")
    key = ids.node_id(conversation_id, argument="conversationId")
    with coded():
        await rules.mark_read(
            ctx.graph, user_id=_account_id(principal), conversation_id=key, up_to=up_to
        )
        return await rules.conversation(ctx.graph, _account_id(principal), key)


async def close(ctx: Context, conversation_id: str) -> Row:
    principal = await ctx.actor()
    key = ids.node_id(conversation_id, argument="id")
    with coded():
        await rules.close(ctx.graph, user_id=_account_id(principal), conversation_id=key)
        return await rules.conversation(ctx.graph, _account_id(principal), key)


async def conversation(ctx: Context, conversation_id: str) -> Row:
    user_id = await _reader(ctx)
    with coded():
        return await rules.conversation(
            ctx.graph, user_id, ids.node_id(conversation_id, argument="id")
        )


def _page(rows: list[Row], *, first: int, total: int, kind: str, after: bool) -> pagination.Page:
    kept = rows[:first]
    return pagination.Page(
        rows=kept,
        cursors=[pagination.encode(kind, [row["created"].iso_format(), row["id"]]) for row in kept],
        total=total,
        has_next=len(rows) > first,
        has_previous=after,
    )


async def invitations(
    ctx: Context,
    account_id: str,
    *,
    direction: str | None,
    status: str | None,
    first: int,
    after: str | None,
) -> pagination.Page:
    size = pagination.page_size(first, maximum=ctx.settings.max_page_size)
    kind = f"{INVITATIONS}:{direction}:{status}"
    keys = pagination.decode(after, kind, arity=2) if after else None
    total, rows = await rules.invitations(
        ctx.graph, account_id, direction=direction, status=status, first=size + 1, after=keys
    )
    return _page(rows, first=size, total=total, kind=kind, after=after is not None)


async def conversations(
    ctx: Context, account_id: str, *, status: str | None, first: int, after: str | None
) -> pagination.Page:
    size = pagination.page_size(first, maximum=ctx.settings.max_page_size)
    kind = f"{CONVERSATIONS}:{status}"
    keys = pagination.decode(after, kind, arity=2) if after else None
    total, rows = await rules.conversations(
        ctx.graph, account_id, status=status, first=size + 1, after=keys
    )
    return _page(rows, first=size, total=total, kind=kind, after=after is not None)


async def messages(
    ctx: Context, conversation_id: str, *, first: int, after: str | None
) -> pagination.Page:
    user_id = await _reader(ctx)
    size = pagination.page_size(first, maximum=ctx.settings.max_page_size)
    keys = pagination.decode(after, f"{MESSAGES}:{conversation_id}", arity=1) if after else None
    if keys is not None and not isinstance(keys[0], int):
        raise BadUserInput("`after` is not a cursor of this list", argument="after")
    with coded():
        total, rows = await rules.messages(
            ctx.graph,
            user_id,
            conversation_id,
            first=size + 1,
            after=None if keys is None else keys[0],
        )
    kept = rows[:size]
    return pagination.Page(
        rows=kept,
        cursors=[pagination.encode(f"{MESSAGES}:{conversation_id}", [row["seq"]]) for row in kept],
        total=total,
        has_next=len(rows) > size,
        has_previous=after is not None,
    )


async def set_notify_by_email(ctx: Context, on: bool) -> bool:
    principal = await ctx.actor()
    return await rules.set_email_notifications(ctx.graph, _account_id(principal), on=on)


async def notify_by_email(ctx: Context, account_id: str) -> bool:
    return await rules.wants_email(ctx.graph, account_id)
