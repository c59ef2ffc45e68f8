"""Reading what a client sent: JSON within bounds, or a ClientError that says what is wrong.

Every check here is linear in the body and bounded by settings (max_body_bytes, max_json_depth),
so nothing a client sends can raise past this module: not JSON nested a thousand levels deep
(RecursionError), not an integer of 5,000 digits (ValueError), not bytes that are not UTF-8, not a
lone UTF-16 surrogate (valid JSON, but no database or encoder can store it).
"""

from __future__ import annotations

import json
from typing import Any

from resolvers.errors import BAD_REQUEST


class ClientError(Exception):
    """A request the service will not read; status and code say how, the message says why."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        code: str = BAD_REQUEST,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.headers = headers or {}


def decode_json(raw: bytes | str, *, max_depth: int, what: str = "the body") -> Any:
    """The JSON value of `raw`, checked for depth and encodable strings."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ClientError(
                f"{what} is not valid UTF-8 (byte {error.start}); send UTF-8 JSON"
            ) from None
    else:
        text = raw
    try:
        value = json.loads(text)
    except RecursionError:
        raise ClientError(
            f"{what} nests JSON more than {max_depth} levels deep; flatten it"
        ) from None
    except json.JSONDecodeError as error:
        raise ClientError(
            f"{what} is not JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except ValueError as error:  # e.g. an integer past Python's 4,300-digit limit
        raise ClientError(f"{what} holds a number that cannot be read: {error}") from None
    check_json(value, max_depth=max_depth, what=what)
    return value


def check_json(value: Any, *, max_depth: int, what: str) -> None:
    """Depth and strings of a decoded value, without recursion."""
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        item, depth, path = stack.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                raise ClientError(
                    f"{what} nests JSON more than {max_depth} levels deep (at {path or 'the top'});"
                    " flatten it"
                )
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                where = f"{path}.{key}" if isinstance(key, str) else f"{path}[{key}]"
                if isinstance(key, str):
                    _check_text(key, what, where)
                stack.append((child, depth + 1, where))
        elif isinstance(item, str):
            _check_text(item, what, path)


def _check_text(text: str, what: str, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ClientError(
            f"{what} holds a lone UTF-16 surrogate (\\u{ord(text[error.start]):04x}) at "
            f"{path.lstrip('.') or 'the top'}; send valid Unicode (pair surrogates or use UTF-8)"
        ) from None


def graphql_params(value: Any, what: str = "the body") -> dict[str, Any]:
    """The GraphQL-over-HTTP request object: a JSON object, never a scalar or an array."""
    if isinstance(value, list):
        raise ClientError(f"{what} is a JSON array: batching is off, send one request object")
    if not isinstance(value, dict):
        kind = "null" if value is None else type(value).__name__
        raise ClientError(
            f'{what} is a JSON {kind}; send an object such as {{"query": "{{ graphStats '
            '{ authors } }"}'
        )
    return value
