"""Browser sessions: a random id in an HttpOnly, SameSite=Lax cookie; the server keeps only its
SHA-256 in a `:Session` node, with an idle and an absolute expiry.

A session ends at sign-out (the node is deleted), when the password changes (all of the account's
sessions go), after `session_idle_seconds` unused or `session_absolute_seconds` after sign-in.
Every sign-in makes a new id and ends the one the browser had (no session fixation).

Sign-in flows (password, Sign in with ORCID) use identity.signin, which also sets the cookie.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from identity import secrets
from identity.accounts import Account
from identity.graph import Graph
from kg.settings import Settings

COOKIE = "kg_session"
# With Secure, the __Host- prefix also binds the cookie to this host and path (no subdomain can
# set or shadow it).
SECURE_COOKIE = "__Host-kg_session"
# last_seen is written at most this often per session (a read must not become a write).
TOUCH_SECONDS = 60


@dataclass(frozen=True)
class Started:
    cookie_value: str
    csrf_token: str
    account: Account


@dataclass(frozen=True)
class Found:
    account: Account
    key: str
    csrf_key: str | None


def cookie_name(settings: Settings) -> str:
    return SECURE_COOKIE if settings.session_cookie_secure else COOKIE


def graph_of(request: Request) -> Graph:
    settings: Settings = request.state.settings
    return Graph(request.state.driver, request.state.database, settings.neo4j_retry_seconds)


async def start(graph: Graph, settings: Settings, account_id: str) -> Started:
    secret = secrets.new_secret()
    csrf_token = secrets.new_secret()
    [record] = await graph.write(
        "sessions/create",
        userId=account_id,
        key=secrets.digest(secret),
        csrfKey=secrets.digest(csrf_token),
        idleSeconds=settings.session_idle_seconds,
        absoluteSeconds=settings.session_absolute_seconds,
    )
    return Started(secret, csrf_token, Account.of(record["user"]))


async def find(graph: Graph, settings: Settings, cookie_value: str) -> Found | None:
    key = secrets.digest(cookie_value)
    records = await graph.read(
        "sessions/principal",
        key=key,
        idleSeconds=settings.session_idle_seconds,
        touchSeconds=min(TOUCH_SECONDS, settings.session_idle_seconds),
    )
    if not records:
        return None
    if records[0]["stale"]:
        await graph.write("sessions/touch", key=key)
    return Found(Account.of(records[0]["user"]), key, records[0]["csrf_key"])


async def end(graph: Graph, key: str) -> None:
    await graph.write("sessions/delete", key=key)


def set_cookie(response: Response, settings: Settings, value: str) -> None:
    response.set_cookie(
        cookie_name(settings),
        value,
        max_age=settings.session_absolute_seconds,
        path="/",
        secure=settings.session_cookie_secure,
        httponly=True,
        samesite="lax",
    )


def clear_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        cookie_name(settings),
        path="/",
        secure=settings.session_cookie_secure,
        httponly=True,
        samesite="lax",
    )
