"""`/claims/confirm-email` and `/account/confirm-email`: the pages an e-mailed confirmation link
opens (identity.verification for a claim, identity.confirmation for a new account's address).

GET shows what the link confirms and a button; only the POST of that form uses the token, so a
mail scanner that fetches links does not spend it. No script: the page is a plain form under the
explorer's strict policy, and every value written into it is escaped. The token is the
credential, so no session is needed (the link may open in another browser); a POST with a
foreign Origin is refused, and attempts count against the client address's sign-in limit.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from identity import confirmation, verification
from identity.claims import ClaimRefused
from identity.csrf import expected_origin
from identity.errors import RateLimited
from identity.graph import Graph
from identity.ratelimits import Limit

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the token is in this page's URL
    "Cache-Control": "no-store",
}

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} · Scholarly knowledge graph</title>
  <link rel="stylesheet" href="/static/explorer.css">
</head>
<body data-page="confirm-email">
  <header class="site-header"><a class="brand" href="/">Scholarly knowledge graph</a></header>
  <main id="main" class="form-page">
    <h1>{title}</h1>
    {body}
  </main>
</body>
</html>
"""


def _page(title: str, body: str, status: int = 200) -> Response:
    return HTMLResponse(
        PAGE.format(title=html.escape(title), body=body), status_code=status, headers=HEADERS
    )


async def show(request: Request) -> Response:
    token = request.query_params.get("token", "")
    if not token.startswith(verification.PREFIX) or len(token) > 200:
        return _page("Link not recognised", '<p class="alert">This is not a link we sent.</p>', 400)
    form = (
        '<form class="card stacked-form" method="post" action="/claims/confirm-email">'
        f'<input type="hidden" name="token" value="{html.escape(token)}">'
        "<p>Confirm that this institutional address is yours, to verify your claim of an "
        "author record.</p>"
        '<button type="submit">Confirm my address</button></form>'
    )
    return _page("Confirm your address", form)


async def _posted_token(request: Request) -> str | Response:
    """The form's token, or the page refusing the POST (a foreign Origin, too many attempts)."""
    # The page is served with `Referrer-Policy: no-referrer` (its URL holds the token), so
    # Chromium sends its own form's POST with `Origin: null`: a null Origin is taken when the
    # browser's Sec-Fetch-Site does not say another site sent it. Another site's Origin is
    # refused. (The token is the credential either way: a page elsewhere that posts one can only
    # confirm what that token's own holder asked for.)
    origin = request.headers.get("origin")
    site = request.headers.get("sec-fetch-site")
    foreign_origin = origin not in (None, "null") and (
        (origin or "").lower() != expected_origin(request, request.state.settings)
    )
    if foreign_origin or site not in (None, "same-origin", "none"):
        return _page("Refused", '<p class="alert">A request from another site.</p>', 403)
    client = request.client.host if request.client else "unknown"
    try:
        await request.state.rate_limits.hit(Limit.SIGN_IN_ADDRESS, client)
    except RateLimited as error:
        response = _page("Too many attempts", f"<p>{html.escape(error.message)}</p>", 429)
        response.headers["Retry-After"] = str(error.retry_after)
        return response
    # One short field: read it with the standard library (no multipart parser needed).
    body = (await request.body())[:1024].decode("ascii", "replace")
    return (parse_qs(body).get("token") or [""])[0]


async def confirm(request: Request) -> Response:
    token = await _posted_token(request)
    if isinstance(token, Response):
        return token
    graph = Graph(request.state.driver, request.state.database)
    try:
        claim = await verification.confirm(graph, token)
    except ClaimRefused as error:
        return _page(
            "Not confirmed",
            f'<p class="alert" data-reason="{html.escape(error.reason)}">'
            f"{html.escape(error.message)}</p>",
            400,
        )
    author = html.escape(claim.author_id)
    return _page(
        "Address confirmed",
        f'<p data-level="{html.escape(claim.level or "")}">Your claim of '
        f'<a href="/authors/{author}">{html.escape(claim.author_name or claim.author_id)}</a> '
        "is verified (L3).</p>",
    )


async def show_account(request: Request) -> Response:
    token = request.query_params.get("token", "")
    if not token.startswith(confirmation.PREFIX) or len(token) > confirmation.MAX_TOKEN_LENGTH:
        return _page("Link not recognised", '<p class="alert">This is not a link we sent.</p>', 400)
    form = (
        f'<form class="card stacked-form" method="post" action="{confirmation.CONFIRM_PATH}">'
        f'<input type="hidden" name="token" value="{html.escape(token)}">'
        "<p>Confirm that this e-mail address is yours, the one you gave when you made your "
        "account.</p>"
        '<button type="submit">Confirm my address</button></form>'
    )
    return _page("Confirm your address", form)


async def confirm_account(request: Request) -> Response:
    token = await _posted_token(request)
    if isinstance(token, Response):
        return token
    graph = Graph(request.state.driver, request.state.database)
    try:
        address = await confirmation.confirm(graph, token)
    except confirmation.ConfirmationRefused as error:
        return _page(
            "Not confirmed",
            f'<p class="alert" data-reason="{html.escape(error.reason)}">'
            f"{html.escape(error.message)}</p>",
            400,
        )
    return _page(
        "Address confirmed",
        f'<p data-confirmed="{html.escape(address)}">Thank you: {html.escape(address)} is '
        'confirmed. <a href="/account">Your account</a></p>',
    )


def routes() -> list[Route]:
    return [
        Route(confirmation.CONFIRM_PATH, show_account, methods=["GET"], name="account-confirm"),
        Route(
            confirmation.CONFIRM_PATH,
            confirm_account,
            methods=["POST"],
            name="account-confirm-post",
        ),
        Route("/claims/confirm-email", show, methods=["GET"], name="confirm-email"),
        Route("/claims/confirm-email", confirm, methods=["POST"], name="confirm-email-post"),
    ]
