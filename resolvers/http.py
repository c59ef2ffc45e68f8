"""The /graphql endpoint: strawberry's ASGI app with our context and limits."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.routing import Route
from strawberry.asgi import GraphQL

from kg.settings import Settings
from resolvers.context import Context
from schema import build_schema


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(build_schema(settings), graphql_ide="graphiql")
        self.settings = settings

    async def get_context(self, request: Any, response: Any) -> Context:
        state = request.state if isinstance(request, Request) else request.scope["state"]
        return Context(driver=state.driver, database=state.database, settings=self.settings)


def graphql_route(settings: Settings) -> Route:
    return Route("/graphql", GraphQLApp(settings), methods=["GET", "POST"])
