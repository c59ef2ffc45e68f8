"""The CSRF rule for mutations.

A browser attaches the session cookie to requests that any site makes, so a mutation that a
cookie authenticates is accepted only when the request shows it comes from our own pages:

- its Content-Type is application/json (a cross-site page cannot send that without a CORS
  preflight, which this service never grants; forms can only send form-urlencoded, multipart
  and text/plain), and
- its Origin is the service's own (`public_origin`, or the scheme and Host of the request), or,
  for clients that send no Origin, its `X-CSRF-Token` header is the session's CSRF token (given
  by signIn / signUp).

Requests with an API token are exempt (browsers never attach one by themselves). Requests with
no credential at all (signIn, signUp from a script) need JSON, and a matching Origin if they send
one: a foreign page must not sign a visitor in to an account of its choosing.
"""

from __future__ import annotations

from starlette.requests import Request

from identity import secrets, sessions
from identity.principal import Principal
from kg.settings import Settings

HEADER = "x-csrf-token"


def expected_origin(request: Request, settings: Settings) -> str:
    if settings.public_origin:
        return settings.public_origin
    return f"{request.url.scheme}://{request.headers.get('host', '')}".lower()


def refusal(request: Request, principal: Principal, settings: Settings) -> str | None:
    """Why this request may not mutate, or None when it may."""
    if principal.via == "token":
        return None
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method != "POST" or media != "application/json":
        return "mutations need a POST with Content-Type: application/json"
    origin = request.headers.get("origin")
    if origin is not None:
        if origin.lower() == expected_origin(request, settings):
            return None
        return f"cross-site request refused: Origin {origin[:100]!r} is not this service's"
    if sessions.cookie_name(settings) not in request.cookies:
        return None
    token = request.headers.get(HEADER)
    if token and principal.csrf_key and secrets.matches(token, principal.csrf_key):
        return None
    return "a request signed in by cookie needs an Origin header or the X-CSRF-Token header"
