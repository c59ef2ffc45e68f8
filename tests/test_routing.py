"""The service through a `neo4j://` routing URI, as it would run against a cluster.

No cluster can be started here, but a single Neo4j answers the driver's ROUTE request with a
routing table of itself in every role. Running the whole service on that URI exercises the path
a cluster uses: the routing table is fetched, reads go out with READ access (which a cluster
spreads over its members), writes with WRITE, and a write is read back at once through the
bookmarks. A wrong advertised address would show here as a driver that cannot connect.
"""

from __future__ import annotations

from dataclasses import replace

import neo4j
import pytest

from identity.sessions import COOKIE
from kg.db import Connection
from tests.api_factory import GraphBuilder, api_client, load
from tests.identity_support import FOLLOW, make_account, post, session_cookie


@pytest.fixture
def routed(driver: neo4j.Driver, neo4j_connection: Connection) -> Connection:
    if not neo4j_connection.uri.startswith("bolt://"):
        pytest.skip(f"the test database is not reached over bolt://: {neo4j_connection.uri}")
    builder = GraphBuilder()
    builder.author("A1", "Ada Lovelace")
    builder.author("A2", "Alan Turing")
    builder.work("W1", authors=["A1", "A2"], year=2020)
    load(builder, driver, neo4j_connection)
    return replace(neo4j_connection, uri="neo4j://" + neo4j_connection.uri.removeprefix("bolt://"))


def test_neo4j_answers_the_routing_request_with_its_own_address(routed: Connection) -> None:
    address = routed.uri.removeprefix("neo4j://")
    with routed.driver() as routing_driver:
        records, _, _ = routing_driver.execute_query(
            "CALL dbms.routing.getRoutingTable({}, $database)",
            database=routed.database,
            database_=routed.database,
        )
    servers = {server["role"]: server["addresses"] for server in records[0]["servers"]}
    assert servers == {"WRITE": [address], "READ": [address], "ROUTE": [address]}
    assert records[0]["ttl"] > 0


def test_the_service_reads_and_writes_through_a_routing_uri(routed: Connection) -> None:
    account = make_account(routed, "ada@example.org")
    profile = '{ author(id: "A1") { name counts { works followers collaborators } } }'
    with api_client(routed) as client:
        before = post(client, profile)["data"]["author"]
        assert before == {
            "name": "Ada Lovelace",
            "counts": {"works": 1, "followers": 0, "collaborators": 1},
        }
        client.cookies[COOKIE] = session_cookie(routed, account.id)
        assert post(client, FOLLOW, {"id": "A1"})["data"]["follow"]["followers"] == 1
        # Read right after the write, on a READ session: the bookmark makes it see the follow.
        after = post(client, '{ author(id: "A1") { counts { followers } } }')
        assert after["data"]["author"]["counts"]["followers"] == 1
