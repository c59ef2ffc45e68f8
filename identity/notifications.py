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


async def invited(graph: Graph, settings: Settings, invitation: Row, *, origin: str) -> str | None:
    """Tell the invited researcher; the delivery (sent, kept, failed) or None when not mailed."""
    target = await _target(
        graph,
        to=invitation["recipient"],
        sender=invitation["sender"],
        sender_author=invitation.get("sender_author"),
    )
    if target is None:
        return None
    address, name = target
    link = f"{origin.rstrip('/')}{INBOX_PATH}"
    sent = await mail.send(
        graph,
        settings,
        mail.Message(
            to=address,
            subject=f"{name} invites you to a conversation",
            body=(
                f"{name} invites you to a focused conversation about: "
                f"{_line(invitation['subject_text'])}\n\n"
                f"Read the invitation and accept or decline it in your inbox:\n\n{link}" + FOOTER
            ),
            kind="invitation",
        ),
    )
    return sent.delivery


async def accepted(graph: Graph, settings: Settings, invitation: Row, *, origin: str) -> str | None:
    """Tell the invitation's sender that it was accepted, with the conversation's link."""
    target = await _target(
        graph,
        to=invitation["sender"],
        sender=invitation["recipient"],
        sender_author=invitation.get("recipient_author"),
    )
    if target is None or invitation.get("conversation") is None:
        return None
    address, name = target
    link = f"{origin.rstrip('/')}{CONVERSATION_PATH}{invitation['conversation']}"
    sent = await mail.send(
        graph,
        settings,
        mail.Message(
            to=address,
            subject=f"{name} accepted your invitation",
            body=(
                f"{name} accepted your invitation about: {_line(invitation['subject_text'])}\n\n"
                f"Your conversation:\n\n{link}" + FOOTER
            ),
            kind="invitation-accepted",
        ),
    )
    return sent.delivery


async def new_message(
    graph: Graph, settings: Settings, message: Row, *, conversation_id: str, origin: str
) -> str | None:
    """Tell the other participant of a new message (not its text) when it is the first one they
    have not read; None when not mailed."""
    if message["seq"] != message["recipient_read_upto"] + 1:
        return None  # they have an unread message already, and were told of it
    target = await _target(
        graph,
        to=message["recipient"],
        sender=message["sender"],
        sender_author=message.get("sender_author"),
    )
    if target is None:
        return None
    address, name = target
    link = f"{origin.rstrip('/')}{CONVERSATION_PATH}{conversation_id}"
    sent = await mail.send(
        graph,
        settings,
        mail.Message(
            to=address,
            subject=f"A new message from {name}",
            body=(
                f"{name} wrote to you in your conversation. Read it here (the message is not "
                f"in this e-mail):\n\n{link}" + FOOTER
            ),
            kind="conversation-message",
        ),
    )
    return sent.delivery
