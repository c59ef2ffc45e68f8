"""Accounts (`:User` nodes): creation, sign-in by password, password changes and resets, roles,
and the account of a verified ORCID iD.

E-mail addresses are stored case-folded (`Ada@Example.org` and `ada@example.org` are one
account), unique by the constraint `user_email`. Passwords are never stored or logged, only
their Argon2id hashes (identity.passwords).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import neo4j

from identity import passwords, secrets
from identity.graph import Graph
from identity.roles import Role, highest

MAX_EMAIL_LENGTH = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
RESET_SECONDS = 3600


class AccountError(ValueError):
    """Input an account operation cannot use; `argument` names it."""

    def __init__(self, message: str, *, argument: str) -> None:
        super().__init__(message)
        self.argument = argument


class EmailTaken(AccountError):
    pass


@dataclass(frozen=True)
class Account:
    id: str
    email: str | None
    roles: tuple[str, ...]
    orcid: str | None

    @property
    def role(self) -> Role:
        return highest(self.roles)

    @classmethod
    def of(cls, row: dict[str, Any]) -> Account:
        return cls(
            id=row["id"],
            email=row.get("email"),
            roles=tuple(row.get("roles") or ()),
            orcid=row.get("orcid"),
        )


def normalize_email(text: str) -> str:
    email = text.strip().casefold()
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL.match(email):
        raise AccountError(
            f"{text[:80]!r} is not an e-mail address such as ada@example.org", argument="email"
        )
    return email


def check_password(password: str, *, argument: str = "password") -> None:
    problem = passwords.problem(password)
    if problem:
        raise AccountError(problem, argument=argument)


async def create(
    graph: Graph, *, email: str, password: str, roles: tuple[str, ...] = ()
) -> Account:
    address = normalize_email(email)
    check_password(password)
    password_hash = await passwords.hash_password(password)
    try:
        [record] = await graph.write(
            "users/create",
            id=secrets.new_id("U"),
            email=address,
            passwordHash=password_hash,
            roles=list(roles),
        )
    except neo4j.exceptions.ConstraintError:
        raise EmailTaken(
            f"an account with the address {address} exists already; sign in instead",
            argument="email",
        ) from None
    return Account.of(record["user"])


async def authenticate(graph: Graph, *, email: str, password: str) -> Account | None:
    """The account when the password is right, else None (the same time either way)."""
    try:
        address = normalize_email(email)
    except AccountError:
        address = None
    records = await graph.read("users/by_email", email=address) if address else []
    row = records[0]["user"] if records else None
    stored = row.get("password_hash") if row else None
    if not await passwords.verify(stored, password) or row is None or stored is None:
        return None
    if passwords.needs_rehash(stored):
        await graph.write(
            "users/rehash", id=row["id"], passwordHash=await passwords.hash_password(password)
        )
    return Account.of(row)


async def by_id(graph: Graph, account_id: str) -> dict[str, Any] | None:
    records = await graph.read("users/by_id", id=account_id)
    return records[0]["user"] if records else None


async def set_password(graph: Graph, account_id: str, password: str, *, argument: str) -> None:
    """A new password; every session of the account ends (identity.sessions starts a new one)."""
    check_password(password, argument=argument)
    await graph.write(
        "users/set_password", id=account_id, passwordHash=await passwords.hash_password(password)
    )


async def change_password(graph: Graph, account_id: str, *, current: str, new: str) -> bool:
    """False when `current` is not the account's password."""
    row = await by_id(graph, account_id)
    if row is None or not await passwords.verify(row.get("password_hash"), current):
        return False
    await set_password(graph, account_id, new, argument="newPassword")
    return True


async def issue_reset(graph: Graph, email: str, *, seconds: int = RESET_SECONDS) -> str | None:
    """A one-time reset token for the account (shown once), or None when there is no account."""
    secret = secrets.new_secret("kgr_")
    records = await graph.write(
        "users/reset_create",
        email=normalize_email(email),
        key=secrets.digest(secret),
        seconds=seconds,
    )
    return secret if records else None


async def reset_password(graph: Graph, token: str, password: str) -> bool:
    """Use a reset token (it works once, until it expires); False when it does not."""
    check_password(password, argument="newPassword")
    records = await graph.write("users/reset_consume", key=secrets.digest(token))
    if not records or records[0]["id"] is None:
        return False
    await set_password(graph, records[0]["id"], password, argument="newPassword")
    return True


async def grant(graph: Graph, email: str, role: Role, *, revoke: bool = False) -> Account | None:
    records = await graph.write(
        "users/revoke_role" if revoke else "users/grant",
        email=normalize_email(email),
        role=role.value,
    )
    return Account.of(records[0]["user"]) if records else None


async def list_all(graph: Graph) -> list[dict[str, Any]]:
    return [record["user"] for record in await graph.read("users/list")]


async def find_or_create_by_orcid(graph: Graph, orcid: str) -> tuple[Account, bool]:
    """The account holding this verified ORCID iD (bare form, 0000-0002-1825-0097), created on
    first use; (account, created). For Sign in with ORCID: call it with the iD only after the
    provider's ID token has been verified."""
    if not ORCID.match(orcid):
        raise AccountError(f"{orcid!r} is not a bare ORCID iD", argument="orcid")
    [record] = await graph.write("users/by_orcid_or_create", orcid=orcid, id=secrets.new_id("U"))
    return Account.of(record["user"]), bool(record["created"])
