"""Confirming a new account's e-mail address: at sign-up (and again on request) a link goes to
the address through identity.mail (SMTP and the outbox, the path of claims and password resets).

- The link (`/account/confirm-email?token=kgc_...`) carries a 256-bit token; only its SHA-256 is
  stored (`:EmailConfirmation`), with an expiry (`KG_SIGNUP_EMAIL_LINK_SECONDS`, a day). It works
  once: a replayed, expired or foreign link is refused with its `reason`.
- Opening it in any browser confirms (the token is the credential); `me.emailConfirmed` tells.
- Asking for a new link is for the signed-in account's own address only, so it says nothing
  about other addresses; it is limited per account (`KG_RATE_CONFIRMATION_EMAILS_PER_USER`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from identity import mail, secrets
from identity.graph import Graph
from kg.settings import Settings

PREFIX = "kgc_"
CONFIRM_PATH = "/account/confirm-email"
MAX_TOKEN_LENGTH = 200


class ConfirmationRefused(ValueError):
    """A link that does not confirm anything (BAD_USER_INPUT with `reason`)."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class Sent:
    address: str
    delivery: str


async def send(graph: Graph, settings: Settings, *, user_id: str, link_base: str) -> Sent | None:
    """Mail a confirmation link to the account's address; None when it has no address or has
    confirmed it already."""
    token = secrets.new_secret(PREFIX)
    rows = await graph.write(
        "users/confirmation_create",
        userId=user_id,
        key=secrets.digest(token),
        seconds=settings.signup_email_link_seconds,
    )
    if not rows:
        return None
    address: str = rows[0]["email"]
    link = f"{link_base.rstrip('/')}{CONFIRM_PATH}?token={token}"
    hours = settings.signup_email_link_seconds / 3600
    sent = await mail.send(
        graph,
        settings,
        mail.Message(
            to=address,
            subject="Confirm your e-mail address",
            body=(
                f"Someone (we hope you) made an account with this address at {link_base}.\n\n"
                f"Confirm that the address is yours by opening this link within {hours:g} "
                f"hours:\n\n{link}\n\n"
                "If this was not you, ignore this message: nothing is confirmed without the "
                "link.\n"
            ),
            kind="signup-confirmation",
            secrets=(token,),
        ),
    )
    return Sent(address, sent.delivery)


async def confirm(graph: Graph, token: str) -> str:
    """Use a link's token; the confirmed address."""
    text = token.strip()
    rows = (
        await graph.write("users/confirmation_consume", key=secrets.digest(text))
        if text.startswith(PREFIX) and len(text) < MAX_TOKEN_LENGTH
        else []
    )
    if not rows:
        raise ConfirmationRefused(
            "this confirmation link is not one we sent", reason="unknown-link"
        )
    row = rows[0]
    if row["used"]:
        raise ConfirmationRefused("this confirmation link was used already", reason="used")
    if row["expired"]:
        raise ConfirmationRefused(
            "this confirmation link has expired; ask for a new one", reason="expired"
        )
    if not row["current"]:
        raise ConfirmationRefused(
            "this link confirms an address the account no longer has", reason="address-changed"
        )
    address: str = row["email"]
    return address


async def confirmed_at(graph: Graph, user_id: str) -> datetime | None:
    records = await graph.read("users/email_confirmed", userId=user_id)
    value = records[0]["confirmed"] if records else None
    return None if value is None else value.to_native()
