"""Sign in with ORCID over HTTP: the three browser steps of the OpenID Connect code flow.

- `GET /auth/orcid/sign-in?next=/path`: start; the browser goes to the provider.
- `GET /auth/orcid/link?next=/path`: the same for a signed-in user who adds an iD to the account.
- `GET /auth/orcid/callback`: the provider sends the browser back; the iD is verified, the account
  found or created (or linked), a session started, and the browser returned to `next`.

The state travels twice: in the provider's redirect and in a short-lived HttpOnly cookie of this
browser, so that a callback started in another browser (login CSRF) is refused. Everything else
the callback needs stays server-side (kg/oidc.py). Failures are a small HTML page with a code and
the right status (never a 500): the person is in a browser, not a GraphQL client.
"""

from __future__ import annotations

import hmac
import html
import logging
from collections.abc import Awaitable

import neo4j
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from identity import accounts, signin
from identity.errors import RateLimited, StoreUnavailable
from identity.graph import Graph
from identity.principal import principal_of
from identity.ratelimits import Limit
from kg.oidc import (
    PENDING_SECONDS,
    OidcError,
    OrcidSignIn,
    Pending,
    VerifiedOrcid,
    not_configured,
    save_pending,
    state_mismatch,
    take_pending,
)
from kg.settings import Settings

logger = logging.getLogger(__name__)

STATE_COOKIE = "kg_orcid_state"
COOKIE_PATH = "/auth/orcid/"
SIGN_IN_PATH = "/auth/orcid/sign-in"
LINK_PATH = "/auth/orcid/link"

PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def routes(settings: Settings) -> list[BaseRoute]:
    """The three routes; when ORCID is not configured they answer OIDC_NOT_CONFIGURED (404)."""
    client = OrcidSignIn(settings) if settings.orcid_enabled else None
    secure = settings.orcid_redirect_base.startswith("https://")

    async def start(request: Request, *, link: bool) -> Response:
        if client is None:
            raise not_configured()
        # Each start stores a pending sign-in: counted with the password sign-ins of the address.
        address = request.client.host if request.client else "unknown"
        await request.state.rate_limits.hit(Limit.SIGN_IN_ADDRESS, address)
        link_user = None
        if link:
            link_user = await current_user(request)
            if link_user is None:
                raise OidcError("UNAUTHENTICATED", 401, "Sign in first, then link your ORCID iD.")
        authorization = await client.begin()
        await save_pending(
            request.state.driver,
            request.state.database,
            authorization,
            next_path=local_path(request.query_params.get("next")),
            link_user=link_user,
        )
        response = RedirectResponse(authorization.url, status_code=303)
        response.set_cookie(
            STATE_COOKIE,
            authorization.state,
            max_age=PENDING_SECONDS,
            path=COOKIE_PATH,
            httponly=True,
            secure=secure,
            samesite="lax",  # the provider's redirect back is a top-level GET: Lax sends it
        )
        return response

    async def sign_in(request: Request) -> Response:
        return await _coded(request, start(request, link=False))

    async def link(request: Request) -> Response:
        return await _coded(request, start(request, link=True))

    async def callback(request: Request) -> Response:
        async def run() -> Response:
            if client is None:
                raise not_configured()
            params = {key: value[:2000] for key, value in request.query_params.items()}
            remembered = request.cookies.get(STATE_COOKIE, "")
            given = params.get("state", "")
            if not remembered or not hmac.compare_digest(remembered, given):
                raise state_mismatch()
            pending = await take_pending(request.state.driver, request.state.database, given)
            if pending is None:
                raise state_mismatch()
            verified = await client.finish(params, pending)
            return await complete(request, verified, pending)

        response = await _coded(request, run())
        response.delete_cookie(STATE_COOKIE, path=COOKIE_PATH, httponly=True, secure=secure)
        return response

    return [
        Route(SIGN_IN_PATH, sign_in, methods=["GET"]),
        Route(LINK_PATH, link, methods=["GET"]),
        Route("/auth/orcid/callback", callback, methods=["GET"]),
    ]


async def current_user(request: Request) -> str | None:
    """The account of the browser's session (an API token cannot link: this is a browser flow)."""
    principal = await principal_of(request)
    if principal.via != "session" or principal.account is None:
        return None
    return principal.account.id


async def complete(request: Request, verified: VerifiedOrcid, pending: Pending) -> Response:
    """The verified iD: the account found, created or linked; a new session; back to `next`."""
    graph = Graph(request.state.driver, request.state.database)
    if pending.link_user is not None:
        if await current_user(request) != pending.link_user:
            raise OidcError(
                "UNAUTHENTICATED", 401, "You signed out or in as someone else meanwhile; sign in."
            )
        account = await link(graph, pending.link_user, verified.orcid)
    else:
        account, _created = await accounts.find_or_create_by_orcid(graph, verified.orcid)
    response = RedirectResponse(pending.next, status_code=303)
    await signin.sign_in(request, response, account)  # a new session id: no fixation
    return response


async def link(graph: Graph, user_id: str, orcid: str) -> accounts.Account:
    try:
        records = await graph.write("users/link_orcid", userId=user_id, orcid=orcid)
    except neo4j.exceptions.ConstraintError:  # another account linked the same iD just now
        raise already_linked(orcid) from None
    if not records:
        raise OidcError("UNAUTHENTICATED", 401, "The account to link no longer exists.")
    row = records[0]
    if row["taken"]:
        raise already_linked(orcid)
    if row["before"] is not None and row["before"] != orcid:
        raise OidcError(
            "ORCID_ALREADY_SET",
            409,
            f"Your account is linked to the ORCID iD {row['before']} already; it was not replaced.",
        )
    return accounts.Account.of(row["user"])


def already_linked(orcid: str) -> OidcError:
    return OidcError(
        "ORCID_ALREADY_LINKED",
        409,
        f"The ORCID iD {orcid} belongs to another account here. Sign in with ORCID to use it.",
    )


async def _coded(request: Request, step: Awaitable[Response]) -> Response:
    try:
        return await step
    except OidcError as error:
        logger.info("sign in with ORCID refused: %s %s", error.code, error.message)
        return error_page(error)
    except RateLimited as error:
        page = error_page(OidcError(error.code, 429, error.message))
        page.headers["Retry-After"] = str(error.retry_after)
        return page
    except (StoreUnavailable, neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
        logger.warning("sign in with ORCID: the database failed: %s", type(error).__name__)
        return error_page(
            OidcError(
                "SERVICE_UNAVAILABLE",
                503,
                "The service's database did not answer; nothing was changed. Try again shortly.",
            )
        )


def error_page(error: OidcError) -> HTMLResponse:
    code = html.escape(error.code)
    body = f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in with ORCID: {code}</title>
<link rel="stylesheet" href="/static/explorer.css"></head>
<body><main class="page">
<h1>Sign in with ORCID did not work</h1>
<p class="error" data-code="{code}"><strong>{code}</strong>: {html.escape(error.message)}</p>
<p><a href="/">Back to the explorer</a></p>
</main></body></html>
"""
    headers = {**PAGE_HEADERS, "X-Error-Code": error.code}
    return HTMLResponse(body, status_code=error.status, headers=headers)


def local_path(value: str | None) -> str:
    """Where to return after signing in: a path on this service, never another site."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value[:500]
