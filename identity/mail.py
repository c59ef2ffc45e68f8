"""Outgoing e-mail: every message goes into the outbox (`:OutboxMail` in Neo4j, `kg mail
outbox`), and over SMTP when `KG_SMTP_HOST` is set (stdlib smtplib, in a worker thread so the
event loop keeps serving; STARTTLS and login from settings).

Without an SMTP host nothing leaves the service and the outbox keeps each message whole: in a
demo the outbox is the mailbox, and a newcomer clicks the link from `kg mail outbox`. A message
delivered over SMTP is kept with its secrets (`secrets=`) replaced by "[sent, not kept]", so the
database never holds a usable link.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from identity import secrets
from identity.graph import Graph
from kg.settings import Settings

REDACTED = "[sent, not kept]"
MAX_OUTBOX = 500


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str
    kind: str  # what it is for: claim-email, ...
    secrets: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Sent:
    id: str
    delivery: str  # sent (over SMTP), kept (no SMTP host: outbox only), failed
    error: str | None


@dataclass(frozen=True)
class OutboxEntry:
    id: str
    created: datetime
    to: str
    subject: str
    kind: str
    body: str
    delivery: str
    error: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> OutboxEntry:
        return cls(
            id=row["id"],
            created=row["created"].to_native(),
            to=row["to"],
            subject=row["subject"],
            kind=row["kind"],
            body=row["body"],
            delivery=row["delivery"],
            error=row.get("error"),
        )


def _email(settings: Settings, message: Message) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.smtp_from
    mail["To"] = message.to
    mail["Subject"] = message.subject
    mail["Message-ID"] = make_msgid(domain="kg.local")
    mail.set_content(message.body)
    return mail


def _deliver(settings: Settings, mail: EmailMessage) -> None:
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
    ) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
        smtp.send_message(mail)


async def send(graph: Graph, settings: Settings, message: Message) -> Sent:
    """Deliver `message` (when an SMTP host is set) and record it in the outbox."""
    delivery, error = "kept", None
    if settings.smtp_host:
        try:
            await asyncio.to_thread(_deliver, settings, _email(settings, message))
            delivery = "sent"
        except (OSError, smtplib.SMTPException) as problem:
            delivery, error = "failed", f"{type(problem).__name__}: {problem}"[:300]
    body = message.body
    if delivery != "kept":
        for secret in message.secrets:
            body = body.replace(secret, REDACTED)
    mail_id = secrets.new_id("M")
    await graph.write(
        "mail/record",
        id=mail_id,
        to=message.to,
        subject=message.subject,
        kind=message.kind,
        body=body,
        delivery=delivery,
        error=error,
    )
    return Sent(mail_id, delivery, error)


async def outbox(graph: Graph, *, to: str | None = None, first: int = 20) -> list[OutboxEntry]:
    records = await graph.read("mail/outbox", to=to, first=min(first, MAX_OUTBOX))
    return [OutboxEntry.of(record["mail"]) for record in records]
