"""A real SMTP server (aiosmtpd) on loopback, on a free port, that keeps what it receives."""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller

from kg.embedded import free_port

LINK = re.compile(r"https?://\S+/claims/confirm-email\?token=(kge_[\w-]+)")


@dataclass
class Inbox:
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default)
        self.messages.append(message)  # type: ignore[arg-type]
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def token(self, index: int = -1) -> str:
        body = self.messages[index].get_body(preferencelist=("plain",))
        assert body is not None
        match = LINK.search(body.get_content())
        assert match, body.get_content()
        return match.group(1)


@contextmanager
def smtp_server() -> Iterator[Inbox]:
    inbox = Inbox(port=free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
