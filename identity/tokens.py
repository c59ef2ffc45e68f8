"""API tokens for scripts and GraphQL clients: `Authorization: Bearer kgt_...`.

A token is shown once, when made; the server keeps its SHA-256 only. It has a name, an expiry
(at most `token_max_days`) and a role no higher than its account's: a request made with it has
the lower of the two, so taking a role from an account takes it from its tokens at once.
Revoking deletes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from identity import secrets
from identity.accounts import Account
from identity.graph import Graph
from identity.roles import Role

PREFIX = "kgt_"
MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class TokenInfo:
    id: str
    name: str
    role: Role
    created: datetime
    expires: datetime

    @classmethod
    def of(cls, row: dict[str, Any]) -> TokenInfo:
        return cls(
            id=row["id"],
            name=row["name"],
            role=Role(row["role"]),
            created=row["created"].to_native(),
            expires=row["expires"].to_native(),
        )


@dataclass(frozen=True)
class Found:
    account: Account
    token_id: str
    role: Role


async def create(
    graph: Graph, account: Account, *, name: str, role: Role, days: int
) -> tuple[str, TokenInfo]:
    """(the secret, to show once; what is stored about it)."""
    secret = secrets.new_secret(PREFIX)
    [record] = await graph.write(
        "tokens/create",
        userId=account.id,
        id=secrets.new_id("T"),
        key=secrets.digest(secret),
        name=name,
        role=role.value,
        days=days,
    )
    return secret, TokenInfo.of(record["token"])


async def find(graph: Graph, secret: str) -> Found | None:
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    records = await graph.read("tokens/principal", key=secrets.digest(secret))
    if not records:
        return None
    account = Account.of(records[0]["user"])
    token_role = Role(records[0]["token_role"])
    role = token_role if token_role.rank <= account.role.rank else account.role
    return Found(account, records[0]["token_id"], role)


async def list_for(graph: Graph, account_id: str) -> list[TokenInfo]:
    return [TokenInfo.of(r["token"]) for r in await graph.read("tokens/list", userId=account_id)]


async def revoke(graph: Graph, account_id: str, token_id: str) -> bool:
    [record] = await graph.write("tokens/revoke", userId=account_id, id=token_id)
    return bool(record["revoked"])
