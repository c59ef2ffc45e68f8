"""Every GraphQL error leaves with `extensions.code`; unexpected ones leave masked.

- parse errors: GRAPHQL_PARSE_FAILED (over the size limits: QUERY_TOO_COMPLEX);
- validation errors: GRAPHQL_VALIDATION_FAILED;
- variables that do not fit their types: BAD_USER_INPUT;
- errors raised by resolvers as resolvers.errors.ApiError: their own code;
- anything else is a bug: the client gets "Unexpected error." with INTERNAL_SERVER_ERROR and an
  `errorId`, and the log gets the traceback under the same id.
"""

from __future__ import annotations

import logging
import uuid

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.types import ExecutionContext

from resolvers.errors import (
    BAD_USER_INPUT,
    GRAPHQL_PARSE_FAILED,
    GRAPHQL_VALIDATION_FAILED,
    INTERNAL_SERVER_ERROR,
    QUERY_TOO_COMPLEX,
    ApiError,
)

logger = logging.getLogger("kg.api")

MASKED_MESSAGE = "Unexpected error."
MAX_VALIDATION_ERRORS = 100  # graphql-core's default
_SIZE_LIMIT_MESSAGES = ("contains more than", "nested too deeply")


def _code(error: GraphQLError) -> str | None:
    return (error.extensions or {}).get("code")


def _with_code(error: GraphQLError, code: str) -> None:
    error.extensions = {**(error.extensions or {}), "code": code}


def is_unexpected(error: GraphQLError) -> bool:
    """A bug rather than a bad request: masked for the client, logged with its traceback."""
    original = error.original_error
    if _code(error) or isinstance(original, ApiError):
        return False
    if original is None or isinstance(original, GraphQLError):
        return False  # raised by graphql-core about the request itself
    if error.path is not None:
        return True  # a resolver raised something that is not an ApiError
    # Without a path: a variable that failed to coerce points at its definition (nodes); an
    # exception from an extension points at nothing.
    return not error.nodes


def present(errors: list[GraphQLError]) -> list[GraphQLError]:
    """The errors as clients see them: coded, and masked when unexpected. Idempotent."""
    shown = []
    for error in errors:
        if _code(error):
            shown.append(error)
        elif is_unexpected(error):
            error_id = getattr(error, "error_id", None) or log_unexpected(error)
            shown.append(
                GraphQLError(
                    MASKED_MESSAGE,
                    nodes=error.nodes,
                    path=error.path,
                    extensions={"code": INTERNAL_SERVER_ERROR, "errorId": error_id},
                )
            )
        else:
            # Field errors always carry a path; without one it is the request that is wrong
            # (variables that do not fit their types, say).
            _with_code(error, BAD_USER_INPUT)
            shown.append(error)
    return shown


def log_unexpected(error: GraphQLError) -> str:
    error_id = uuid.uuid4().hex[:12]
    error.error_id = error_id  # type: ignore[attr-defined]
    original = error.original_error
    logger.error(
        "unexpected error %s at %s: %s",
        error_id,
        ".".join(map(str, error.path or [])) or "-",
        error.message,
        exc_info=(type(original), original, original.__traceback__) if original else None,
    )
    return error_id


def explain_aborted_validation(error: GraphQLError) -> None:
    """graphql-core's "Validation aborted." says nothing of what to fix: say it (in place, so
    that cached validation results carry the same words)."""
    if "error limit reached" in error.message:
        error.message = (
            f"validation stopped after {MAX_VALIDATION_ERRORS} errors: fix the errors listed "
            "before this one and send the query again"
        )
    elif error.message == "Validation aborted.":  # the rules ran out of stack
        error.message = (
            "the query is too large or too repetitive to validate (fragments nested very deeply, "
            "or one field repeated hundreds of times): ask for each field once, or split it "
            "into several requests"
        )
        error.extensions = {**(error.extensions or {}), "code": QUERY_TOO_COMPLEX}
        error.extensions["limit"] = "validation"


def code_parse_errors(context: ExecutionContext) -> None:
    """After parsing: the parser's errors coded (over the size limits: QUERY_TOO_COMPLEX)."""
    for error in context.pre_execution_errors or []:
        if _code(error) is None:
            too_big = isinstance(error, GraphQLSyntaxError) and any(
                text in error.message for text in _SIZE_LIMIT_MESSAGES
            )
            _with_code(error, QUERY_TOO_COMPLEX if too_big else GRAPHQL_PARSE_FAILED)


def code_validation_errors(context: ExecutionContext) -> None:
    """After validation, cached or not: its errors coded and explained."""
    for error in context.pre_execution_errors or []:
        if _code(error) is None:
            explain_aborted_validation(error)
        if _code(error) is None:
            _with_code(error, GRAPHQL_VALIDATION_FAILED)


def present_result(context: ExecutionContext) -> None:
    """At the end of the operation: every error coded, and masked when unexpected."""
    result = context.result
    if result is not None and result.errors:
        result.errors = present(result.errors)


class Schema(strawberry.Schema):
    """Logs only unexpected errors (present does, with an id); client errors are not news."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_unexpected(error) and not hasattr(error, "error_id"):
                log_unexpected(error)
