"""The start-up warm-up plans the author page's reads for an author of the graph, in the
background, and /readyz says how it stands."""

from __future__ import annotations

import asyncio
import time

import neo4j
import pytest

from graphql_endpoint import GraphQLApp
from kg.db import Connection
from schema.warmup import WarmUp
from tests.api_factory import GraphBuilder, api_client, api_settings, load
from tests.conftest import wipe


def _graph() -> GraphBuilder:
    graph = GraphBuilder()
    graph.author("A1")  # alone: no collaborators
    graph.author("A2")
    graph.author("A3")
    graph.topic("T0")  # no works: not a page to plan
    graph.topic("T1")
    graph.work("W1", authors=["A2", "A3"], year=2020, topics={"T1": 0.9})
    return graph


def _warm_up(connection: Connection) -> WarmUp:
    app = GraphQLApp(api_settings(connection, warm_up=True))

    async def run() -> WarmUp:
        driver = connection.async_driver()
        try:
            return await app.warm_up(driver, connection.database)
        finally:
            await driver.close()

    return asyncio.run(run())


def test_the_warm_up_reads_the_page_of_an_author_with_collaborators(
    driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    load(_graph(), driver, neo4j_connection)
    done = _warm_up(neo4j_connection)
    assert done.author in {"A2", "A3"}
    assert done.topic == "T1"
    assert done.errors == ()


def test_the_warm_up_of_an_empty_graph_reads_nothing(
    driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    wipe(driver, neo4j_connection.database)
    done = _warm_up(neo4j_connection)
    assert done.author is None and done.topic is None and done.errors == ()


@pytest.mark.parametrize("empty", [False, True])
def test_readyz_says_how_the_warm_up_stands(
    driver: neo4j.Driver, neo4j_connection: Connection, empty: bool
) -> None:
    if empty:
        wipe(driver, neo4j_connection.database)
    else:
        load(_graph(), driver, neo4j_connection)
    with api_client(neo4j_connection, warm_up=True) as client:
        deadline = time.monotonic() + 300
        while True:
            body = client.get("/readyz").json()
            assert body["status"] == "ready"
            if body["warmUp"] != "running" or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    if empty:
        assert body["warmUp"] == "skipped (no authors)"
    else:
        assert body["warmUp"].startswith("done in ")
