"""E-mail about collaboration (issue 12): a new invitation to its recipient, an acceptance to the
invitation's sender, a new message to the other participant. Each goes through identity.mail
(SMTP and the outbox), and only when the recipient has an address, wants e-mail
(`setNotifyByEmail`, on by default) and no block stands between the two accounts.

What a notification says is what the recipient needs to decide whether to look, nothing of a
private conversation: who (the public author record's name), what the invitation is about (its
subject line, which the recipient reads in the inbox anyway), and a link to /inbox or to the
conversation. Never the invitation's message or a message's body. Of the messages of a
conversation only the first one the recipient has not read yet is mailed, so a burst of messages
is one e-mail until the recipient reads the conversation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from identity import mail
from identity.graph import Graph
from kg.settings import Settings

INBOX_PATH = "/inbox"
CONVERSATION_PATH = "/conversations/"
SUBJECT_IN_MAIL_MAX_CHARS = 120
FOOTER = (
    "\n\nYou get these e-mails because you are open to collaboration invitations. Turn them off "
    "on your inbox page (or with the setNotifyByEmail mutation).\n"
)

Row = dict[str, Any]


async def _target(
    graph: Graph, *, to: str, sender: str, sender_author: str | None
) -> tuple[str, str] | None:
    """(address, the sender's public name) or None when nobody is to be told."""
    records = await graph.read(
        "mail/notification_target", toId=to, fromId=sender, fromAuthor=sender_author
    )
    return (records[0]["email"], records[0]["sender_name"]) if records else None


def _line(text: str) -> str:
    folded = " ".join(text.split())
    if len(folded) <= SUBJECT_IN_MAIL_MAX_CHARS:
        return folded
    return folded[: SUBJECT_IN_MAIL_MAX_CHARS - 1] + "…"


async def _notify(
    graph: Graph,
    settings: Settings,
    *,
    to: str,
    sender: str,
    sender_author: str | None,
    kind: str,
    subject: Callable[[str], str],
    body: Callable[[str], str],
) -> str | None:
    """Mail `to` (an account id) about `sender`, whose public name the subject and body are made
    with; the delivery (sent, kept, failed), or None when nobody is to be told."""
    target = await _target(graph, to=to, sender=sender, sender_author=sender_author)
    if target is None:
        return None
    address, name = target
    message = mail.Message(to=address, subject=subject(name), body=body(name) + FOOTER, kind=kind)
    return (await mail.send(graph, settings, message)).delivery


async def invited(graph: Graph, settings: Settings, invitation: Row, *, origin: str) -> str | None:
    """Tell the invited researcher; the delivery (sent, kept, failed) or None when not mailed."""
    link = f"{origin.rstrip('/')}{INBOX_PATH}"
    about = _line(invitation["subject_text"])
    return await _notify(
        graph,
        settings,
        to=invitation["recipient"],
        sender=invitation["sender"],
        sender_author=invitation.get("sender_author"),
        kind="invitation",
        subject=lambda name: f"{name} invites you to a conversation",
        body=lambda name: (
            f"{name} invites you to a focused conversation about: {about}\n\n"
            f"Read the invitation and accept or decline it in your inbox:\n\n{link}"
        ),
    )


async def accepted(graph: Graph, settings: Settings, invitation: Row, *, origin: str) -> str | None:
    """Tell the invitation's sender that it was accepted, with the conversation's link."""
    if invitation.get("conversation") is None:
        return None
    link = f"{origin.rstrip('/')}{CONVERSATION_PATH}{invitation['conversation']}"
    about = _line(invitation["subject_text"])
    return await _notify(
        graph,
        settings,
        to=invitation["sender"],
        sender=invitation["recipient"],
        sender_author=invitation.get("recipient_author"),
        kind="invitation-accepted",
        subject=lambda name: f"{name} accepted your invitation",
        body=lambda name: (
            f"{name} accepted your invitation about: {about}\n\nYour conversation:\n\n{link}"
        ),
    )


async def new_message(
    graph: Graph, settings: Settings, message: Row, *, conversation_id: str, origin: str
) -> str | None:
    """Tell the other participant of a new message (not its text) when it is the first one they
    have not read; None when not mailed."""
    if message["seq"] != message["recipient_read_upto"] + 1:
        return None  # they have an unread message already, and were told of it
    link = f"{origin.rstrip('/')}{CONVERSATION_PATH}{conversation_id}"
    return await _notify(
        graph,
        settings,
        to=message["recipient"],
        sender=message["sender"],
        sender_author=message.get("sender_author"),
        kind="conversation-message",
        subject=lambda name: f"A new message from {name}",
        body=lambda name: (
            f"{name} wrote to you in your conversation. Read it here (the message is not "
            f"in this e-mail):\n\n{link}"
        ),
    )
