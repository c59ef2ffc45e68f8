"""The principal of a request (who is asking) and the role check: the API every endpoint uses.

    principal = await principal_of(request)       # never raises for a bad credential
    require(principal, Role.ANALYST)              # UNAUTHENTICATED or FORBIDDEN, else returns it
    principal = await authorize(request, Role.ANALYST)   # both at once (plain endpoints)

GraphQL resolvers reach the same through their context (`await info.context.principal()`);
a plain Starlette endpoint calls `authorize` and turns `AuthError`s into a response with
`error_response` (401 with WWW-Authenticate, 403, 429 with Retry-After).

Credentials, in order: `Authorization: Bearer kgt_...` (an API token; any other Authorization
is refused), else the session cookie. No credential: the anonymous reader. A credential that does
not work (unknown, expired, revoked, signed out, ended by a password change) also gives the
anonymous reader, with `problem` saying why, so public reads go on working and anything that
needs an account is UNAUTHENTICATED with that reason. The result is cached on `request.state`;
a request without any credential costs no database read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from starlette.requests import Request
from starlette.responses import JSONResponse

from identity import sessions, tokens
from identity.accounts import Account
from identity.errors import AuthError, Forbidden, RateLimited, Unauthenticated
from identity.graph import Graph
from identity.roles import Role
from kg.settings import Settings


@dataclass(frozen=True)
class Principal:
    role: Role
    account: Account | None = None
    via: Literal["session", "token"] | None = None
    session_key: str | None = None  # SHA-256 of the session id
    csrf_key: str | None = None  # SHA-256 of the session's CSRF token
    token_id: str | None = None
    problem: str | None = None  # why a credential that came with the request was not accepted

    @classmethod
    def of_session(cls, account: Account, *, session_key: str, csrf_key: str | None) -> Principal:
        return cls(account.role, account, "session", session_key=session_key, csrf_key=csrf_key)

    @property
    def signed_in(self) -> bool:
        return self.account is not None

    def has(self, role: Role) -> bool:
        return self.role.rank >= role.rank


ANONYMOUS = Principal(Role.ANONYMOUS)


async def principal_of(request: Request) -> Principal:
    cached = getattr(request.state, "principal", None)
    if cached is None:
        cached = await _resolve(request)
        request.state.principal = cached
    return cached


async def _resolve(request: Request) -> Principal:
    settings: Settings = request.state.settings
    graph = Graph(request.state.driver, request.state.database, settings.neo4j_retry_seconds)
    authorization = request.headers.get("authorization")
    if authorization is not None:
        scheme, _, credential = authorization.partition(" ")
        if scheme.lower() != "bearer" or not credential.strip():
            return Principal(
                Role.ANONYMOUS, problem="send API tokens as `Authorization: Bearer kgt_...`"
            )
        found_token = await tokens.find(graph, credential.strip())
        if found_token is None:
            return Principal(
                Role.ANONYMOUS,
                problem="the API token is unknown, expired or revoked; create a new one",
            )
        return Principal(
            found_token.role, found_token.account, "token", token_id=found_token.token_id
        )
    cookie = request.cookies.get(sessions.cookie_name(settings))
    if not cookie:
        return ANONYMOUS
    found = await sessions.find(graph, settings, cookie)
    if found is None:
        return Principal(
            Role.ANONYMOUS,
            problem="the session has ended (signed out, expired, or the password changed); "
            "sign in again",
        )
    return Principal.of_session(found.account, session_key=found.key, csrf_key=found.csrf_key)


def require(principal: Principal, role: Role = Role.RESEARCHER) -> Principal:
    """The principal if it holds `role`; else UNAUTHENTICATED (no account) or FORBIDDEN."""
    if principal.has(role):
        return principal
    if not principal.signed_in:
        raise Unauthenticated(principal.problem or "sign in first (or send an API token)")
    raise Forbidden(
        f"this needs the {role.value} role; this account has {principal.role.value}",
        required=role.value,
    )


async def authorize(request: Request, role: Role = Role.RESEARCHER) -> Principal:
    return require(await principal_of(request), role)


STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403, "RATE_LIMITED": 429}


def error_response(error: AuthError) -> JSONResponse:
    """An auth error of a plain endpoint as JSON, in the shape GraphQL errors have."""
    code = error.extensions["code"]
    headers = {}
    if code == "UNAUTHENTICATED":
        headers["WWW-Authenticate"] = 'Bearer realm="kg"'
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    return JSONResponse(
        {"errors": [{"message": error.message, "extensions": error.extensions}]},
        status_code=STATUS.get(code, 400),
        headers=headers,
    )
