"""The errors of the identity layer a client can cause, each with its `extensions.code`.

They are shaped like resolvers.errors.ApiError (a message that says what to do, `extensions`
with the code) so that GraphQL reports them as coded errors; resolvers.errors re-exports them
with the API's other errors. docs/api.md lists the codes.
"""

from __future__ import annotations

from typing import Any

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
RATE_LIMITED = "RATE_LIMITED"
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"


class AuthError(Exception):
    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: dict[str, Any] = {"code": self.code, **details}


class Unauthenticated(AuthError):
    """No valid credential: signed out, expired or revoked session or token. Sign in again."""

    code = UNAUTHENTICATED


class Forbidden(AuthError):
    """A credential that is valid but may not do this (a missing role, a cross-site request)."""

    code = FORBIDDEN


class RateLimited(AuthError):
    """Too many attempts; `retryAfter` (seconds) is also sent as the Retry-After header."""

    code = RATE_LIMITED

    def __init__(self, message: str, *, retry_after: int, **details: Any) -> None:
        super().__init__(message, retryAfter=retry_after, **details)
        self.retry_after = retry_after


class StoreUnavailable(AuthError):
    """Neo4j did not answer an identity query; retrying later may work."""

    code = SERVICE_UNAVAILABLE
