"""Signing a browser in and out: the one entry point for every sign-in flow.

A password sign-in (the signIn mutation) and Sign in with ORCID (an OpenID Connect callback)
both end with `await sign_in(request, response, account)` once the account is proven: it ends
the session the browser came with (so an id planted before sign-in is worthless after it:
no session fixation), starts a new one, sets the cookie on `response`, and makes the rest of the
request see the new account. The caller has applied the CSRF rule and rate limits its flow needs.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from identity import secrets, sessions
from identity.accounts import Account
from identity.principal import ANONYMOUS, Principal
from kg.settings import Settings


async def sign_in(request: Request, response: Response, account: Account) -> sessions.Started:
    settings: Settings = request.state.settings
    graph = sessions.graph_of(request)
    old = request.cookies.get(sessions.cookie_name(settings))
    if old:
        await sessions.end(graph, secrets.digest(old))
    started = await sessions.start(graph, settings, account.id)
    sessions.set_cookie(response, settings, started.cookie_value)
    request.state.principal = Principal.of_session(
        started.account,
        session_key=secrets.digest(started.cookie_value),
        csrf_key=secrets.digest(started.csrf_token),
    )
    return started


async def sign_out(request: Request, response: Response) -> bool:
    """End the request's session (False when it had none) and clear the cookie."""
    settings: Settings = request.state.settings
    value = request.cookies.get(sessions.cookie_name(settings))
    sessions.clear_cookie(response, settings)
    request.state.principal = ANONYMOUS
    if not value:
        return False
    await sessions.end(sessions.graph_of(request), secrets.digest(value))
    return True
