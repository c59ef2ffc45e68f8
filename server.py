"""The HTTP service: GraphQL at /graphql, health probes, and the explorer pages.

`create_app(settings)` builds everything; nothing connects at import. The lifespan opens the one
async Neo4j driver of the process and hands it to requests as `request.state.driver`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

import neo4j
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

import explorer.routes
import orcid_endpoint
from graphql_endpoint import graphql_route
from kg.db import Connection, DatabaseUnavailable, apply_schema_async, describe_connect_error
from kg.settings import Settings, load_settings

logger = logging.getLogger(__name__)


class State(TypedDict):
    driver: neo4j.AsyncDriver
    settings: Settings
    database: str


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or load_settings()
    connection = Connection.from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[State]:
        driver = connection.async_driver()
        try:
            await driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
            await driver.close()
            raise DatabaseUnavailable(describe_connect_error(error, connection)) from None
        await apply_schema_at_start(driver, connection.database)
        try:
            yield {"driver": driver, "settings": settings, "database": connection.database}
        finally:
            await driver.close()

    routes: list[BaseRoute] = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        graphql_route(settings),
        *explorer.routes.routes(),
        *orcid_endpoint.routes(settings),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


async def apply_schema_at_start(driver: neo4j.AsyncDriver, database: str) -> None:
    """Constraints and indexes are idempotent; a read-only user may not create them, which is
    worth a warning, not a refusal to serve."""
    try:
        await apply_schema_async(driver, database)
    except neo4j.exceptions.ClientError as error:
        logger.warning(
            "could not apply the graph schema (%s); run `kg schema apply` as a user who may",
            error.message,
        )


async def healthz(request: Request) -> JSONResponse:
    """The process is up (it says nothing of Neo4j: that is /readyz)."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """Neo4j answers a query; 503 with the reason otherwise."""
    driver: neo4j.AsyncDriver = request.state.driver
    try:
        await driver.execute_query(
            "RETURN 1", database_=request.state.database, routing_=neo4j.RoutingControl.READ
        )
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
        reason = f"neo4j: {type(error).__name__}: {error}".splitlines()[0][:300]
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
    return JSONResponse({"status": "ready"})
