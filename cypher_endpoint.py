"""Analysts' Cypher over HTTP: POST /cypher, GET /cypher/saved, GET /cypher/schema; and
GET /cypher/views/{panel}, the Cypher behind a panel of the explorer.

Every route but the last needs the `analyst` role, by API token or session (identity.principal);
nothing else here is open to anonymous readers or researchers. /cypher/views/{panel} is open to
all: it runs nothing and returns the text of a named query of this project (public code) with
the parameters the page's own request runs it with. POST /cypher by session follows the CSRF rule of
GraphQL mutations (identity.csrf): JSON from our own Origin, or the X-CSRF-Token header.
The statement goes through the guard of `analyst` (checked before, bounded while it runs,
audited); rows stream as JSON, JSON Lines or CSV, chosen by the body's `format`, the `format`
query parameter or the Accept header, in that order. Errors are JSON in the shape GraphQL errors
have: {"errors": [{"message", "extensions": {"code"}}]}.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

import cypher
from analyst import errors
from analyst.audit import AuditLog
from analyst.errors import Refused
from analyst.graph_schema import graph_schema
from analyst.guard import MODES, Guard, Limits, Statement
from analyst.output import RowStream, plan_document
from analyst.render import FORMATS, MEDIA_TYPES
from analyst.saved import saved_queries, saved_query
from edge.requests import ClientError, decode_json
from identity import csrf
from identity.errors import AuthError, Forbidden
from identity.principal import Principal, authorize, error_response
from identity.roles import Role
from kg.graph_rules import CLOSE_COLLABORATOR_STRENGTH
from kg.settings import Settings
from resolvers import ids
from resolvers.errors import BadUserInput
from resolvers.pagination import page_size
from resolvers.slice import DEFAULT_EDGES, DEFAULT_LIMITS
from resolvers.slice import check_arguments as slice_arguments

MAX_BODY_BYTES = 256 * 1024
SCHEMA_TTL_SECONDS = 300.0


class CypherEndpoint:
    """The routes and what they share: one guard per process, built on the first request (the
    driver exists only once the lifespan has started), and the schema listing's cache."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limits = Limits.from_settings(settings)
        self.audit = AuditLog(settings.cypher_audit_log)
        self._guard: Guard | None = None
        self._schema: tuple[float, dict[str, Any]] | None = None

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/cypher", self.run, methods=["POST"]),
            Route("/cypher/saved", self.saved, methods=["GET"]),
            Route("/cypher/schema", self.schema, methods=["GET"]),
            Route("/cypher/views/{panel}", self.view, methods=["GET"]),
        ]

    async def view(self, request: Request) -> Response:
        try:
            try:
                variables = decode_json(
                    request.query_params.get("variables") or "{}",
                    max_depth=self.settings.max_json_depth,
                    what="`variables`",
                )
            except ClientError as error:
                raise BadUserInput(error.message, argument="variables") from None
            if not isinstance(variables, dict):
                raise BadUserInput("`variables` must be a JSON object", argument="variables")
            document = view_query(request.path_params["panel"], variables, self.settings)
        except BadUserInput as error:
            return JSONResponse(
                {"errors": [{"message": error.message, "extensions": error.extensions}]},
                status_code=400,
            )
        return JSONResponse(document, headers={"Cache-Control": "no-cache"})

    def guard(self, request: Request) -> Guard:
        if self._guard is None:
            self._guard = Guard(
                request.state.driver, request.state.database, self.limits, self.audit
            )
        return self._guard

    async def saved(self, request: Request) -> Response:
        try:
            await authorize(request, Role.ANALYST)
        except AuthError as error:
            return error_response(error)
        return JSONResponse({"saved": [query.as_dict() for query in saved_queries()]})

    async def schema(self, request: Request) -> Response:
        try:
            await authorize(request, Role.ANALYST)
        except AuthError as error:
            return error_response(error)
        if self._schema is None or time.monotonic() - self._schema[0] > SCHEMA_TTL_SECONDS:
            listing = await graph_schema(request.state.driver, request.state.database)
            self._schema = (time.monotonic(), listing)
        return JSONResponse(self._schema[1])

    async def run(self, request: Request) -> Response:
        try:
            principal = await authorize(request, Role.ANALYST)
            # A cookie is sent by any site's page: the same CSRF rule as GraphQL mutations.
            problem = csrf.refusal(request, principal, self.settings)
            if problem:
                raise Forbidden(problem, reason="csrf")
        except AuthError as error:
            return error_response(error)
        try:
            statement, format = await read_request(request)
            execution = await self.guard(request).start(who(principal), statement)
            if statement.mode != "run":
                return JSONResponse(await plan_document(execution))
            stream = RowStream(execution, format)
            first = await stream.first()
        except Refused as error:
            return refused_response(error)
        return StreamingResponse(
            _body(first, stream.rest()),
            media_type=FORMATS[format] + ("; charset=utf-8" if format == "csv" else ""),
            headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
        )


async def _body(first: str, rest: AsyncIterator[str]) -> AsyncIterator[bytes]:
    yield first.encode("utf-8")
    async for chunk in rest:
        yield chunk.encode("utf-8")


def who(principal: Principal) -> str:
    account = principal.account.id if principal.account else "?"
    via = f"token:{principal.token_id}" if principal.token_id else principal.via or "?"
    return f"account:{account} {via}"


async def read_request(request: Request) -> tuple[Statement, str]:
    """The statement and the format of a POST /cypher; Refused (400) saying what is wrong."""
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise Refused(errors.PARAMETERS, f"the body is over {MAX_BODY_BYTES:,} bytes", status=413)
    try:
        # The edge's reader: bounded depth, no giant integers, no lone surrogates.
        document = decode_json(body or b"null", max_depth=request.state.settings.max_json_depth)
    except ClientError as error:
        raise Refused(errors.PARAMETERS, error.message, status=error.status) from None
    if not isinstance(document, dict):
        raise Refused(
            errors.PARAMETERS,
            'send a JSON object: {"statement": "MATCH ...", "parameters": {...}} '
            'or {"saved": "NAME", "parameters": {...}}',
            status=400,
        )
    parameters = document.get("parameters") or {}
    mode = document.get("mode", "run")
    if not isinstance(parameters, dict):
        raise Refused(errors.PARAMETERS, "parameters must be a JSON object", status=400)
    if mode not in MODES:
        raise Refused(errors.PARAMETERS, f"mode must be one of {', '.join(MODES)}", status=400)
    saved, text = document.get("saved"), document.get("statement")
    if isinstance(saved, str) and text is None:
        query = saved_query(saved)
        query.check_parameters(parameters)
        statement = Statement(query.text, parameters, mode, saved=query.name)
    elif isinstance(text, str) and saved is None:
        statement = Statement(text, parameters, mode)
    else:
        raise Refused(
            errors.PARAMETERS, 'give either "statement" (a string) or "saved" (a name)', status=400
        )
    return statement, response_format(request, document.get("format"))


def response_format(request: Request, asked: object) -> str:
    if asked is None:
        asked = request.query_params.get("format")
    if asked is not None:
        if asked not in FORMATS:
            raise Refused(
                errors.PARAMETERS, f"format must be one of {', '.join(FORMATS)}", status=400
            )
        return str(asked)
    for part in request.headers.get("accept", "").split(","):
        media = part.split(";", 1)[0].strip().lower()
        if media in MEDIA_TYPES:
            return MEDIA_TYPES[media]
    return "json"


# The explorer's panels (explorer/web/src/viewquery.js), each with the named query behind it.
VIEWS = {
    "profile": "authors/profile",
    "works": "authors/works",
    "collaborators": "authors/collaborators",
    "graph": "slice/neighbourhood",
}
# A panel whose own query reads private data, with the public variant an analyst runs instead
# (POST /cypher refuses the panel's own), its parameters and what the variant leaves out.
PUBLIC_VARIANTS = {
    "profile": (
        "authors/profile_public",
        ("ids", "closeStrength"),
        "The panel's own query also reads the claim's details and the follower count, which come "
        "from accounts (private data, refused to analysts' statements). This public variant "
        "leaves out those two columns (claim, followers); every other column is the panel's.",
    ),
}


def view_query(panel: str, variables: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """The named query behind an explorer panel, and the parameters the resolver runs it with
    for the panel's GraphQL variables (the first page of a list). BadUserInput for what the
    GraphQL field would refuse too."""
    if panel not in VIEWS:
        raise BadUserInput(
            f"no panel {panel!r}; the panels are {', '.join(VIEWS)}", argument="panel"
        )

    def text(name: str) -> str:
        value = variables.get(name)
        if not isinstance(value, str):
            raise BadUserInput(f"`{name}` must be a string", argument=name)
        return value

    def number(name: str, default: int) -> int:
        value = variables.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise BadUserInput(f"`{name}` must be an integer", argument=name)
        return value

    parameters: dict[str, Any]
    if panel == "graph":
        limits = variables.get("limits") or {}
        strength = variables.get("minStrength")
        if not isinstance(limits, dict) or not isinstance(strength, int | float | None):
            raise BadUserInput(
                "`limits` must be an object, `minStrength` a number", argument="limits"
            )
        depth, checked, min_strength, max_edges = slice_arguments(
            depth=number("depth", 1),
            limits={**DEFAULT_LIMITS, **limits},  # the API's defaults for what is not given
            min_strength=float(strength or 0.0),
            max_edges=number("maxEdges", DEFAULT_EDGES),
            maximum=settings.max_page_size,
        )
        parameters = {
            "center": ids.node_id(text("center"), argument="center"),
            "depth": depth,
            "limits": checked,
            "minStrength": min_strength,
            "maxEdges": max_edges,
        }
    else:
        author = ids.node_id(text("id"))
        parameters = {"ids": [author]}
        if panel == "profile":
            parameters["closeStrength"] = CLOSE_COLLABORATOR_STRENGTH
        else:
            first = page_size(number("first", 20), maximum=settings.max_page_size)
            if panel == "works":  # ordered by year, newest first, as the explorer asks
                parameters |= {
                    "limit": first + 1,
                    "afterKey": None,
                    "afterId": None,
                    "yearFrom": None,
                    "yearTo": None,
                    "type": None,
                    "topicId": None,
                    "field": "YEAR",
                    "descending": True,
                }
            else:
                parameters |= {
                    "limit": first + 1,
                    "afterStrength": None,
                    "afterWorks": None,
                    "afterId": None,
                    "close": None,
                    "closeStrength": CLOSE_COLLABORATOR_STRENGTH,
                }
    return {
        "panel": panel,
        "query": VIEWS[panel],
        "file": f"cypher/{VIEWS[panel]}.cypher",
        "cypher": cypher.query(VIEWS[panel]),
        "parameters": parameters,
        "analyst": analyst_view(panel, parameters),
    }


def analyst_view(panel: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """What an analyst's Run and Download send to POST /cypher for the panel: its own query, or
    the public variant of a query that reads private data (with the note saying so)."""
    if panel not in PUBLIC_VARIANTS:
        return {
            "query": VIEWS[panel],
            "file": f"cypher/{VIEWS[panel]}.cypher",
            "cypher": cypher.query(VIEWS[panel]),
            "parameters": parameters,
            "variant": False,
            "note": None,
        }
    name, keep, note = PUBLIC_VARIANTS[panel]
    return {
        "query": name,
        "file": f"cypher/{name}.cypher",
        "cypher": cypher.query(name),
        "parameters": {key: parameters[key] for key in keep},
        "variant": True,
        "note": note,
    }


def refused_response(error: Refused) -> JSONResponse:
    headers = {"Retry-After": "1"} if error.status == 429 else {}
    return JSONResponse(
        {"errors": [{"message": error.message, "extensions": {"code": error.code}}]},
        status_code=error.status,
        headers=headers,
    )
