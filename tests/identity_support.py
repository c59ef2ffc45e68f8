"""Accounts for the identity tests: made through the real code paths, against the test Neo4j.

`live_server` serves create_app on a free loopback port (uvicorn in a thread), for tests that
need real concurrent HTTP; `Browser` is a TestClient that sends our own Origin, as the explorer's
pages do.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
import uvicorn
from starlette.testclient import TestClient

from identity import accounts, sessions, tokens
from identity.graph import Graph
from identity.roles import Role
from kg.db import Connection
from kg.embedded import free_port
from server import create_app
from tests.api_factory import api_settings

ORIGIN = "http://testserver"
PASSWORD = "correct horse battery staple"
SIGN_IN = """mutation ($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { account { id email role } csrfToken } }"""
SIGN_UP = """mutation ($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { account { id email role } csrfToken } }"""
FOLLOW = """mutation ($id: ID!) { follow(authorId: $id) { following followers } }"""
UNFOLLOW = """mutation ($id: ID!) { unfollow(authorId: $id) { following followers } }"""
ME = "{ me { id email role roles authenticatedBy } }"


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def with_graph(connection: Connection, work: Any) -> Any:
    async def go() -> Any:
        driver = neo4j.AsyncGraphDatabase.driver(
            connection.uri, auth=(connection.user, connection.password)
        )
        try:
            return await work(Graph(driver, connection.database))
        finally:
            await driver.close()

    return run(go())


def make_account(
    connection: Connection, email: str, *, role: Role | None = None, password: str = PASSWORD
) -> accounts.Account:
    async def work(graph: Graph) -> accounts.Account:
        account = await accounts.create(graph, email=email, password=password)
        if role in (Role.ANALYST, Role.ADMIN):
            granted = await accounts.grant(graph, email, role)
            assert granted is not None
            return granted
        return account

    result: accounts.Account = with_graph(connection, work)
    return result


def make_token(
    connection: Connection, account: accounts.Account, *, role: Role = Role.RESEARCHER
) -> str:
    async def work(graph: Graph) -> str:
        secret, _ = await tokens.create(graph, account, name="test", role=role, days=30)
        return secret

    result: str = with_graph(connection, work)
    return result


def session_cookie(connection: Connection, account_id: str, **overrides: Any) -> str:
    """A session made the way sign-in makes one (without the password's cost)."""
    settings = api_settings(connection, **overrides)

    async def work(graph: Graph) -> str:
        return (await sessions.start(graph, settings, account_id)).cookie_value

    result: str = with_graph(connection, work)
    return result


def post(
    client: TestClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"origin": ORIGIN, **(headers or {})},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors") or []
    return errors[0]["extensions"]["code"] if errors else None


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    body = post(client, SIGN_IN, {"email": email, "password": password})
    assert "errors" not in body, body
    return body


@contextmanager
def live_server(connection: Connection, **overrides: Any) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(
        create_app(api_settings(connection, **overrides)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="identity-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start; see the log above")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def followers(driver: neo4j.Driver, author_id: str) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (:User)-[f:FOLLOWS]->(:Author {id: $id}) RETURN count(f) AS n", id=author_id
    )
    return int(records[0]["n"])
