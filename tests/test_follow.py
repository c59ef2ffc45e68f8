"""Follow: idempotent, exact under concurrency (real concurrent HTTP requests), readable at once
by the same user, and never lost to a load of the demo or the real samples."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest

from identity.sessions import COOKIE
from kg.db import Connection
from kg.reference_researcher import REFERENCE_AUTHOR_ID
from tests.api_factory import GraphBuilder, api_client, load
from tests.identity_support import (
    FOLLOW,
    UNFOLLOW,
    code,
    followers,
    live_server,
    make_account,
    post,
    session_cookie,
)

CONCURRENT = 50
COUNTS = '{ author(id: "A1") { counts { followers } } }'


@pytest.fixture
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> neo4j.Driver:
    builder = GraphBuilder()
    builder.author("A1", "Ada Lovelace")
    builder.author("A2", "Alan Turing")
    builder.author("name:someone", "Someone")
    load(builder, driver, neo4j_connection)
    return driver


def accounts_with_sessions(driver: neo4j.Driver, connection: Connection, count: int) -> list[str]:
    """`count` accounts (made in one statement: passwords are not what these tests are about),
    each with a session cookie made the way sign-in makes one."""
    ids = [f"Ubulk{i:03d}" for i in range(count)]
    driver.execute_query(
        "UNWIND $ids AS id CREATE (:User {id: id, email: id + '@example.org', roles: []})",
        ids=ids,
    )
    return [session_cookie(connection, account_id) for account_id in ids]


async def _all_at_once(base_url: str, cookies: list[str], query: str) -> list[dict[str, Any]]:
    async def one(client: httpx.AsyncClient, cookie: str) -> dict[str, Any]:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": {"id": "A1"}},
            headers={"origin": base_url, "cookie": f"{COOKIE}={cookie}"},
        )
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    limits = httpx.Limits(max_connections=len(cookies))
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:
        return await asyncio.gather(*(one(client, cookie) for cookie in cookies))


GENEROUS = {"rate_mutations_per_user": "100000 per minute"}


def test_fifty_concurrent_follows_by_one_user_leave_one(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    [cookie] = accounts_with_sessions(graph, neo4j_connection, 1)
    with live_server(neo4j_connection, **GENEROUS) as base_url:
        bodies = asyncio.run(_all_at_once(base_url, [cookie] * CONCURRENT, FOLLOW))
        assert all(body["data"]["follow"] == {"following": True, "followers": 1} for body in bodies)
        assert followers(graph, "A1") == 1
        bodies = asyncio.run(_all_at_once(base_url, [cookie] * CONCURRENT, UNFOLLOW))
        assert all(body["data"]["unfollow"]["followers"] == 0 for body in bodies)
        assert followers(graph, "A1") == 0


def test_fifty_users_following_at_once_are_fifty_followers(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    cookies = accounts_with_sessions(graph, neo4j_connection, CONCURRENT)
    with live_server(neo4j_connection, **GENEROUS) as base_url:
        bodies = asyncio.run(_all_at_once(base_url, cookies, FOLLOW))
        assert all("errors" not in body for body in bodies), bodies[0]
        counts = [body["data"]["follow"]["followers"] for body in bodies]
        assert all(1 <= count <= CONCURRENT for count in counts)
        assert followers(graph, "A1") == CONCURRENT
        public = httpx.post(f"{base_url}/graphql", json={"query": COUNTS}).json()
        assert public["data"]["author"]["counts"]["followers"] == CONCURRENT
        half = cookies[: CONCURRENT // 2]
        asyncio.run(_all_at_once(base_url, half + half, UNFOLLOW))  # each twice, at once
        assert followers(graph, "A1") == CONCURRENT - len(half)


def test_follow_is_idempotent_and_read_back_at_once(
    graph: neo4j.Driver, neo4j_connection: Connection
) -> None:
    account = make_account(neo4j_connection, "ada@example.org")
    me = """{ me { isFollowing(authorId: "A1") following(first: 1) { totalCount
              pageInfo { hasNextPage endCursor } edges { node { id name } followedAt } } } }"""
    with api_client(neo4j_connection) as client:
        client.cookies[COOKIE] = session_cookie(neo4j_connection, account.id)
        for _ in range(2):
            assert post(client, FOLLOW, {"id": "A1"})["data"]["follow"]["followers"] == 1
        post(client, FOLLOW, {"id": "https://openalex.org/A2"})
        read = post(client, me)["data"]["me"]
        assert read["isFollowing"] is True
        assert read["following"]["totalCount"] == 2
        assert read["following"]["edges"][0]["node"]["id"] == "A2"  # most recent first
        after = read["following"]["pageInfo"]["endCursor"]
        page = post(
            client,
            "query ($after: String) { me { following(first: 5, after: $after) { "
            "pageInfo { hasNextPage } edges { node { id } } } } }",
            {"after": after},
        )["data"]["me"]["following"]
        assert [edge["node"]["id"] for edge in page["edges"]] == ["A1"]
        assert page["pageInfo"]["hasNextPage"] is False
        for _ in range(2):
            assert post(client, UNFOLLOW, {"id": "A1"})["data"]["unfollow"] == {
                "following": False,
                "followers": 0,
            }
        assert post(client, me)["data"]["me"]["isFollowing"] is False
        client.cookies.clear()
        assert post(client, COUNTS)["data"]["author"]["counts"]["followers"] == 0


@pytest.mark.parametrize(
    ("author_id", "expected"),
    [("A404", "NOT_FOUND"), ("name:someone", "BAD_USER_INPUT"), ("  ", "BAD_USER_INPUT")],
)
def test_follow_refuses_what_cannot_be_followed(
    graph: neo4j.Driver, neo4j_connection: Connection, author_id: str, expected: str
) -> None:
    account = make_account(neo4j_connection, "ada@example.org")
    with api_client(neo4j_connection) as client:
        client.cookies[COOKIE] = session_cookie(neo4j_connection, account.id)
        body = post(client, FOLLOW, {"id": author_id})
    assert code(body) == expected
    assert body["errors"][0]["extensions"]["argument"] == "authorId"


# -- nothing a person did is lost to a load -----------------------------------------------------


def private_state(driver: neo4j.Driver) -> dict[str, Any]:
    """Everything under the private labels, and every follow, as comparable values."""
    records, _, _ = driver.execute_query(
        """
        CALL () { MATCH (u:User) RETURN collect(properties(u)) AS users }
        CALL () { MATCH (s:Session)-[:SESSION_OF]->(u) RETURN collect([u.id, s.key]) AS sessions }
        CALL () { MATCH (t:ApiToken)-[:TOKEN_OF]->(u) RETURN collect([u.id, t.id]) AS tokens }
        CALL () { MATCH (u:User)-[f:FOLLOWS]->(a:Author)
                  RETURN collect([u.id, a.id, toString(f.since)]) AS follows }
        RETURN users, sessions, tokens, follows
        """
    )
    state = records[0].data()
    return {
        key: sorted(map(str, value)) if isinstance(value, list) else value
        for key, value in state.items()
    }


def test_reloading_demo_and_real_samples_keeps_follows(
    driver: neo4j.Driver, neo4j_connection: Connection, tmp_path: Path
) -> None:
    from tests.conftest import wipe
    from tests.loader_support import demo_and_real_loader

    database = neo4j_connection.database
    load_everything = demo_and_real_loader(driver, database, tmp_path)
    wipe(driver, database)
    load_everything()
    # Accounts follow the reference researcher, resolved authors of the real samples (among them
    # some an arXiv record also names), and a sample of everyone else.
    records, _, _ = driver.execute_query(
        "MATCH (a:Author) WHERE NOT a.unresolved RETURN a.id AS id ORDER BY id"
    )
    targets = [REFERENCE_AUTHOR_ID, *[r["id"] for r in records][:: max(1, len(records) // 40)]]
    cookies = accounts_with_sessions(driver, neo4j_connection, 3)
    with api_client(neo4j_connection, **GENEROUS) as client:
        for cookie in cookies:
            client.cookies[COOKIE] = cookie
            for target in targets:
                assert "errors" not in post(client, FOLLOW, {"id": target})
            body = post(client, 'mutation { createApiToken(name: "kept") { secret } }')
            assert "errors" not in body, body
    before = private_state(driver)
    assert len(before["follows"]) == 3 * len(set(targets))

    load_everything()

    assert private_state(driver) == before
