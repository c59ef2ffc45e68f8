"""The /graphql endpoint: strawberry's ASGI app with our context, limits and GraphQL over HTTP.

- POST with a JSON body, or GET with `?query=` (queries only); GraphiQL for a browser's GET;
- the response is `application/graphql-response+json` when the Accept header prefers it, else
  `application/json` (also without an Accept header);
- a request that cannot be read (not JSON, no query, variables not an object, unsupported
  content type) gets 400 with a JSON `errors` body (code BAD_REQUEST);
- a GraphQL request error (parse, validation, limits, variables) has no `data` entry; with
  `application/graphql-response+json` its status is 400, with `application/json` it is 200
  as the GraphQL-over-HTTP spec asks of that legacy media type. Field errors are 200 with both.
"""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from kg.settings import Settings
from resolvers.context import Context
from resolvers.errors import BAD_REQUEST
from schema import build_schema
from schema.errors import present

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"


def negotiate(accept: str | None) -> str:
    """application/graphql-response+json when the client prefers it (or ranks it equal)."""
    if not accept:
        return JSON
    quality: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        media = media.lower()
        quality[media] = max(q, quality.get(media, 0.0))
    graphql_response = quality.get(GRAPHQL_RESPONSE, 0.0)
    json = quality.get(JSON, max(quality.get("application/*", 0.0), quality.get("*/*", 0.0)))
    return GRAPHQL_RESPONSE if graphql_response > 0 and graphql_response >= json else JSON


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(build_schema(settings), graphql_ide="graphiql")
        self.settings = settings

    async def get_context(self, request: Any, response: Any) -> Context:
        state = request.state if isinstance(request, Request) else request.scope["state"]
        return Context(
            driver=state.driver,
            database=state.database,
            settings=self.settings,
            request=request if isinstance(request, Request) else None,
            response=response,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        media_type = negotiate(request.headers.get("accept"))
        try:
            response = await self.run(request)
        except HTTPException as error:
            body = {"errors": [{"message": error.reason, "extensions": {"code": BAD_REQUEST}}]}
            response = Response(
                self.encode_json(body), status_code=error.status_code, media_type=media_type
            )
        else:
            if response.media_type == JSON:  # a GraphQL response, not GraphiQL's page
                response.headers["content-type"] = f"{media_type}; charset=utf-8"
                if media_type == GRAPHQL_RESPONSE and getattr(
                    request.state, "graphql_request_error", False
                ):
                    response.status_code = 400
        await response(scope, receive, send)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        errors = present(result.errors) if result.errors else []
        request_error = (
            result.data is None and bool(errors) and all(error.path is None for error in errors)
        )
        body: GraphQLHTTPResponse = {}
        if not request_error:
            body["data"] = result.data
        else:
            request.state.graphql_request_error = True
        if errors:
            body["errors"] = [error.formatted for error in errors]
        if result.extensions:
            body["extensions"] = result.extensions
        return body


def graphql_route(settings: Settings) -> Route:
    return Route("/graphql", GraphQLApp(settings), methods=["GET", "POST"])
