"""The limit check: linear in the document, every field costed by schema coordinate, introspection
counted, and a hard budget on the walk; a refusal never stalls the other clients."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from graphql import (
    FragmentDefinitionNode,
    OperationDefinitionNode,
    get_introspection_query,
    parse,
)
from starlette.testclient import TestClient

from kg.db import Connection
from schema import build_schema
from schema.limits import LENGTHS, WalkTooLong, measure
from tests.api_factory import GraphBuilder, api_client, api_settings, errors, load


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver, neo4j_connection: Connection) -> Iterator[TestClient]:
    graph = GraphBuilder()
    graph.author("A1", "Ada")
    graph.author("A2", "Bo")
    graph.work("W1", authors=["A1", "A2"])
    load(graph, driver, neo4j_connection)
    with api_client(neo4j_connection) as test_client:
        yield test_client


def fragment_chain(fan_out: int, length: int) -> str:
    """Fragment i spreads fragment i+1 `fan_out` times: fan_out ** length fields if expanded."""
    fragments = [
        f"fragment F{i} on Author {{ {' '.join(f'...F{i + 1}' for _ in range(fan_out))} }}"
        for i in range(length - 1)
    ]
    fragments.append(f"fragment F{length - 1} on Author {{ name }}")
    return '{ author(id: "A1") { ...F0 } } ' + " ".join(fragments)


def measured(query: str, variables: dict[str, Any] | None = None) -> Any:
    schema = build_schema(api_settings(Connection("bolt://x:1", "u", "p", "neo4j")))._schema
    document = parse(query)
    [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return measure(schema, operation, fragments, variables or {}, 100)


@pytest.mark.parametrize("fan_out, length", [(10, 20), (3, 16), (2, 20)])
def test_fragment_chains_are_refused_while_others_are_served(
    client: TestClient, fan_out: int, length: int
) -> None:
    query = fragment_chain(fan_out, length)
    outcome: dict[str, Any] = {}

    def hostile() -> None:
        outcome["response"] = client.post("/graphql", json={"query": query})

    thread = threading.Thread(target=hostile, daemon=True)
    thread.start()
    slowest = 0.0
    while thread.is_alive() and not outcome:
        started = time.monotonic()
        assert client.get("/healthz").status_code == 200
        slowest = max(slowest, time.monotonic() - started)
        thread.join(0.01)
    thread.join(30)
    assert not thread.is_alive(), "the fragment chain held the event loop for 30 s"
    [error] = outcome["response"].json()["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["limit"] == "cost"
    assert slowest < 5.0, f"/healthz waited {slowest:.1f} s behind the check"


def test_each_fragment_is_measured_once_per_parent_type() -> None:
    # 2 ** 40 fields if every spread were walked again; linear with each fragment walked once.
    found = measured(fragment_chain(2, 40))
    assert found.cost > 2**39  # the estimate still counts the expansion
    assert found.depth == 2


def test_the_walk_has_a_hard_budget() -> None:
    # Distinct slice sizes defeat the memo (each is a different measure): past the budget the
    # walk stops instead of going on.
    with pytest.raises(WalkTooLong):
        measured(walk_buster(60, 80))
    measured(walk_buster(5, 10))  # 150 selections: measured


def walk_buster(slices: int, fragments: int) -> str:
    """Within the token limit: each aliased slice has its own size, so each fragment is measured
    once per slice (slices * fragments * 3 selections)."""
    spread = " ".join(
        f's{i}: graphSlice(center: "A1", maxEdges: {i}) {{ ...F0 }}' for i in range(slices)
    )
    chain = " ".join(
        f"fragment F{i} on GraphSlice {{ truncated ...F{i + 1} ...F{i + 1} }}"
        for i in range(fragments)
    )
    return f"{{ {spread} }} {chain} fragment F{fragments} on GraphSlice {{ depth }}"


def test_the_walk_budget_is_a_coded_refusal(client: TestClient) -> None:
    query = walk_buster(60, 80)
    body = client.post("/graphql", json={"query": query}).json()
    assert "data" not in body
    codes = {(e["extensions"]["code"], e["extensions"].get("limit")) for e in body["errors"]}
    assert codes == {("QUERY_TOO_COMPLEX", "walk")}, body
    assert "fewer times" in body["errors"][0]["message"]


def test_slice_columns_are_costed_as_long_as_the_slice(client: TestClient) -> None:
    columns = (
        "columns { ids types labels weights depths edgeSources edgeTargets edgeTypes edgeWeights }"
    )
    limits = "{authors: 100, works: 100, topics: 100, institutions: 100, sources: 100}"
    one = f'graphSlice(center: "A1", depth: 2, maxEdges: 1000, limits: {limits}) {{ {columns} }}'
    found = measured("{ " + one + " }")
    assert found.cost > 5 * 1000 + 4 * 1000  # five lists of 1001 nodes, four of 1000 edges
    query = "{ " + " ".join(f"s{i}: {one}" for i in range(30)) + " }"
    [error] = errors(client, query)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["limit"] == "cost"
    # A default slice in columns passes.
    assert measured('{ graphSlice(center: "A1") { ' + columns + " } }").cost < 25_000


def test_introspection_is_costed_with_its_aliases(client: TestClient) -> None:
    shape = (
        "__schema { types { name kind description fields { name description isDeprecated "
        "deprecationReason type { name kind ofType { name kind } } } } }"
    )
    single = measured("{ " + shape + " }")
    assert single.cost > 1000  # every type's fields counted
    query = "{ " + " ".join(f"s{i}: {shape}" for i in range(30)) + " }"
    assert measured(query).aliases == 30
    assert measured(query).cost >= 30 * single.cost
    [error] = errors(client, query)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["limit"] == "cost"
    # GraphiQL's own introspection query still passes (see also test_api_http).
    full = measured(get_introspection_query(descriptions=True))
    assert 1000 < full.cost < 25_000


def test_every_field_is_costed_by_coordinate_with_a_default() -> None:
    # Listed coordinates name real fields of the schema: a renamed field cannot drop its cost.
    schema = build_schema(api_settings(Connection("bolt://x:1", "u", "p", "neo4j")))._schema
    for coordinate in LENGTHS:
        type_name, field_name = coordinate.split(".")
        if type_name.startswith("__"):
            continue
        assert field_name in schema.get_type(type_name).fields, coordinate  # type: ignore[union-attr]
    # An unlisted list field costs the default length; a field with `first`, the page asked.
    # author 1 + (institutions 1 + 5 affiliations x years, a list of 10 leaves)
    assert measured('{ author(id: "A1") { institutions { years } } }').cost == 1 + (1 + 5 * 10)
    small = measured('{ author(id: "A1") { topics(first: 2) { weight } } }').cost
    assert small == 1 + (1 + 2 * 1)


def test_aborted_validation_says_what_to_fix(client: TestClient) -> None:
    query = "{ graphStats { " + "authors " * 1900 + "} }"
    body = client.post("/graphql", json={"query": query}).json()
    assert "data" not in body
    [error] = body["errors"]
    assert "Validation aborted" not in error["message"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["limit"] == "repeats"  # refused before validation pays for it
    assert "ask for it once" in error["message"]
    many = "{ " + " ".join(f"nope{i}" for i in range(150)) + " }"
    body = client.post("/graphql", json={"query": many}).json()
    assert len(body["errors"]) == 101
    assert "fix the errors listed" in body["errors"][-1]["message"]
    assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
