"""The HTTP service: GraphQL at /graphql, health probes, and the explorer pages.

`create_app(settings)` builds everything; nothing connects at import. The lifespan opens the one
async Neo4j driver of the process and hands it to requests as `request.state.driver`.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

import neo4j
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

import explorer.routes
import orcid_endpoint
from cypher_endpoint import CypherEndpoint
from edge.boundary import ErrorBoundary, error_body, request_id_of
from edge.observe import configure_logging, metrics_endpoint
from graphql_endpoint import GraphQLApp, graphql_route
from identity.ratelimits import RateLimits
from kg.db import Connection, DatabaseUnavailable, apply_schema_async, describe_connect_error
from kg.settings import Settings, load_settings
from resolvers.errors import BAD_REQUEST, METHOD_NOT_ALLOWED, ROUTE_NOT_FOUND

logger = logging.getLogger(__name__)
# /readyz answers within this even when Neo4j hangs rather than refuses.
READY_TIMEOUT_SECONDS = 0.8


class State(TypedDict):
    driver: neo4j.AsyncDriver
    settings: Settings
    database: str
    rate_limits: RateLimits
    warm_up: WarmUpProgress


class WarmUpProgress:
    """How the start-up warm-up stands, for /readyz: running, done (with its seconds), failed,
    skipped (an empty graph) or off (KG_WARM_UP=false)."""

    def __init__(self) -> None:
        self.state = "running"

    def describe(self) -> str:
        return self.state


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or load_settings()
    connection = Connection.from_settings(settings)
    graphql = GraphQLApp(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[State]:
        driver = connection.async_driver(settings)
        try:
            await driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
            await driver.close()
            raise DatabaseUnavailable(describe_connect_error(error, connection)) from None
        await apply_schema_at_start(driver, connection.database)
        # Everything built so far (the schema, modules, the driver) lives as long as the
        # process: out of the collector's sight, full collections stop walking it on requests.
        gc.freeze()
        # In the background: requests are served meanwhile (schema/warmup.py says why).
        progress = WarmUpProgress()
        warming: asyncio.Task[None] | None = None
        if settings.warm_up:
            warming = asyncio.create_task(
                warm_up_at_start(graphql, driver, connection.database, progress)
            )
        else:
            progress.state = "off"
        try:
            yield {
                "driver": driver,
                "settings": settings,
                "database": connection.database,
                "rate_limits": RateLimits(settings),
                "warm_up": progress,
            }
        finally:
            if warming is not None:
                warming.cancel()
                await asyncio.gather(warming, return_exceptions=True)
            await driver.close()

    routes: list[BaseRoute] = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics_endpoint),
        graphql_route(graphql),
        *explorer.routes.routes(orcid=settings.orcid_enabled),
        *orcid_endpoint.routes(settings),
        *CypherEndpoint(settings).routes(),  # analysts only (the `analyst` role)
    ]
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(ErrorBoundary, settings=settings)],
        exception_handlers={HTTPException: http_error},
    )


def create_worker_app() -> Starlette:
    """The app of one of several worker processes (KG_WORKERS, uvicorn's factory): a spawned
    process starts afresh, so it reads the settings and sets up its logging itself."""
    settings = load_settings()
    configure_logging(settings)
    return create_app(settings)


async def http_error(request: Request, error: Exception) -> Response:
    """Starlette's own refusals (no such route, a method the route does not take) as coded
    JSON like every other error of the service."""
    assert isinstance(error, HTTPException)
    code = {404: ROUTE_NOT_FOUND, 405: METHOD_NOT_ALLOWED}.get(error.status_code, BAD_REQUEST)
    body = error_body(str(error.detail), code, request_id_of(request.scope))
    return Response(body, error.status_code, headers=error.headers, media_type="application/json")


async def warm_up_at_start(
    graphql: GraphQLApp, driver: neo4j.AsyncDriver, database: str, progress: WarmUpProgress
) -> None:
    """A failed warm-up costs only speed: it is logged and shown by /readyz, never raised."""
    try:
        done = await graphql.warm_up(driver, database)
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
        logger.warning("warm-up skipped: %s", error)
        progress.state = "failed"
        return
    if done.errors:
        progress.state = "failed"
    elif done.author is None:
        progress.state = "skipped (no authors)"
    else:
        progress.state = f"done in {done.seconds:.1f} s"


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
    """Neo4j answers a query within READY_TIMEOUT_SECONDS; 503 with the reason otherwise."""
    driver: neo4j.AsyncDriver = request.state.driver
    settings: Settings = request.state.settings
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            await driver.execute_query(
                neo4j.Query("RETURN 1", timeout=READY_TIMEOUT_SECONDS),
                database_=request.state.database,
                routing_=neo4j.RoutingControl.READ,
            )
    except TimeoutError:
        reason = f"neo4j: no answer within {READY_TIMEOUT_SECONDS:g} s"
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
        reason = f"neo4j: {type(error).__name__}: {error}".splitlines()[0][:300]
    else:
        # warmUp: whether the author page's reads are planned yet (schema/warmup.py).
        warm_up: WarmUpProgress = request.state.warm_up
        return JSONResponse({"status": "ready", "warmUp": warm_up.describe()})
    headers = {"retry-after": str(settings.retry_after_seconds)}
    return JSONResponse({"status": "unavailable", "reason": reason}, 503, headers=headers)
