"""The errors a client can cause, each with the `extensions.code` clients branch on.

Resolvers raise these; graphql-core copies `extensions` onto the GraphQL error it builds, and
`schema.errors.present` masks everything else as INTERNAL_SERVER_ERROR (and logs it).
The codes are documented in docs/api.md.
"""

from __future__ import annotations

from typing import Any

# The identity layer's errors (below this one) are API errors too.
from identity.errors import (
    FORBIDDEN,
    RATE_LIMITED,
    UNAUTHENTICATED,
    Forbidden,
    RateLimited,
    Unauthenticated,
)

__all__ = [
    "FORBIDDEN",
    "RATE_LIMITED",
    "UNAUTHENTICATED",
    "Forbidden",
    "RateLimited",
    "Unauthenticated",
]

BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_REQUEST = "BAD_REQUEST"
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
TIMEOUT = "TIMEOUT"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
# Refusals at the HTTP edge, each with its HTTP status (docs/api.md).
REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"  # 413
REQUEST_TIMEOUT = "REQUEST_TIMEOUT"  # 408
NOT_ACCEPTABLE = "NOT_ACCEPTABLE"  # 406
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"  # 405
ROUTE_NOT_FOUND = "ROUTE_NOT_FOUND"  # 404


class ApiError(Exception):
    """An expected failure; the message says what to fix, `extensions` carries the code."""

    code = INTERNAL_SERVER_ERROR

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: dict[str, Any] = {"code": self.code, **details}


class BadUserInput(ApiError):
    """An argument the API cannot use: out of range, malformed id, foreign cursor."""

    code = BAD_USER_INPUT

    def __init__(self, message: str, *, argument: str, **details: Any) -> None:
        super().__init__(message, argument=argument, **details)


class NotFound(ApiError):
    code = NOT_FOUND


class Unavailable(ApiError):
    """Neo4j did not answer; retrying later may work."""

    code = SERVICE_UNAVAILABLE


class Timeout(ApiError):
    code = TIMEOUT
