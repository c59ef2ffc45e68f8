"""What the guard refuses, and why, as coded errors (the codes are listed in docs/analysts.md).

`Refused` is raised before a statement runs (its plan or text is not allowed) and while it runs
(a limit was reached, a private value was about to leave); `status` is the HTTP status it maps to.
"""

from __future__ import annotations


class Refused(Exception):
    """A statement the guard will not run, or stopped; the message says what to change."""

    def __init__(self, code: str, message: str, *, status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


# Before the run: what the text or the plan shows.
STATEMENT_TOO_LONG = "CYPHER_STATEMENT_TOO_LONG"
NESTED_TOO_DEEPLY = "CYPHER_NESTED_TOO_DEEPLY"
NOT_ALLOWED_HERE = "CYPHER_NOT_ALLOWED_HERE"  # EXPLAIN/PROFILE/CYPHER/USE prefixes, ';'
LOAD_CSV = "CYPHER_LOAD_CSV"
IN_TRANSACTIONS = "CYPHER_IN_TRANSACTIONS"
DYNAMIC_LABEL = "CYPHER_DYNAMIC_LABEL"
RANGE_TOO_LARGE = "CYPHER_RANGE_TOO_LARGE"
GROWING_REDUCE = "CYPHER_GROWING_REDUCE"
SYNTAX = "CYPHER_SYNTAX"
PARAMETERS = "CYPHER_PARAMETERS"
WRITE = "CYPHER_WRITE"
ADMINISTRATION = "CYPHER_ADMINISTRATION"
PROCEDURE = "CYPHER_PROCEDURE"
FUNCTION = "CYPHER_FUNCTION"
OPERATOR = "CYPHER_OPERATOR"
PRIVATE_DATA = "CYPHER_PRIVATE_DATA"
UNLABELLED_SCAN = "CYPHER_UNLABELLED_SCAN"
UNTYPED_RELATIONSHIP = "CYPHER_UNTYPED_RELATIONSHIP"
UNBOUNDED_PATH = "CYPHER_UNBOUNDED_PATH"
TOO_COSTLY = "CYPHER_TOO_COSTLY"
# While it runs.
TIMEOUT = "CYPHER_TIMEOUT"
MEMORY = "CYPHER_MEMORY"
ROW_CAP = "CYPHER_ROW_CAP"
VALUE_TOO_LARGE = "CYPHER_VALUE_TOO_LARGE"
PRIVATE_RESULT = "CYPHER_PRIVATE_RESULT"
FAILED = "CYPHER_FAILED"
TOO_MANY_QUERIES = "CYPHER_TOO_MANY_QUERIES"
UNAVAILABLE = "CYPHER_UNAVAILABLE"
UNKNOWN_SAVED_QUERY = "CYPHER_UNKNOWN_SAVED_QUERY"
