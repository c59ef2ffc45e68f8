"""graphSlice never draws a node without a way to the centre (finding 4 of issue 9): on the real
OpenAlex records, and on generated hubs whose edges far exceed the budget."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from kg.db import Connection
from loaders.openalex import load_openalex
from tests.api_factory import GraphBuilder, api_client, data, load
from tests.loader_support import OPENALEX_SAMPLES, wiped
from tests.test_api_slice import reached

SLICE = """query ($center: ID!, $depth: Int, $maxEdges: Int) {
  graphSlice(center: $center, depth: $depth, maxEdges: $maxEdges) {
    truncated nodes { id type depth } edges { source target type } } }"""


def slice_of(client: TestClient, center: str, depth: int, max_edges: int | None) -> Any:
    variables: dict[str, Any] = {"center": center, "depth": depth}
    if max_edges is not None:  # None: the argument's default (an explicit null is refused)
        variables["maxEdges"] = max_edges
    return data(client, SLICE, variables)["graphSlice"]


def assert_connected(found: Any, center: str) -> None:
    edges = [(e["source"], e["target"], e["type"]) for e in found["edges"]]
    ids = {node["id"] for node in found["nodes"]}
    assert len(ids) == len(found["nodes"])
    stranded = ids - reached(center, edges)
    assert not stranded, f"{len(stranded)} of {len(ids)} nodes have no way to {center}"
    assert {n for e in edges for n in e[:2]} <= ids


@pytest.fixture(scope="module")
def real_client(
    driver: neo4j.Driver, neo4j_connection: Connection, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    files = sorted(OPENALEX_SAMPLES.glob("*.json"))
    if not files:
        pytest.skip(f"the real OpenAlex samples are not there ({OPENALEX_SAMPLES})")
    wiped(driver, neo4j_connection.database)
    rejects = tmp_path_factory.mktemp("slice") / "rejects.jsonl"
    load_openalex(driver, neo4j_connection.database, files, rejects_path=rejects)
    with api_client(neo4j_connection) as client:
        yield client


@pytest.mark.parametrize("max_edges", [None, 120, 20])
@pytest.mark.parametrize("center", ["A5085007251", "A5056332242", "W2138821921"])
def test_real_slices_are_connected(
    real_client: TestClient, center: str, max_edges: int | None
) -> None:
    found = slice_of(real_client, center, 2, max_edges)
    assert_connected(found, center)
    kinds = {node["type"] for node in found["nodes"]}
    if max_edges is None:  # the default budget keeps every kind of neighbour
        assert {"AUTHOR", "WORK", "TOPIC", "SOURCE"} <= kinds
        assert found["truncated"] is True  # prolific: more edges than the budget
    else:
        assert len(found["nodes"]) <= max_edges + 1  # the centre and one node per edge at most


def hubs() -> GraphBuilder:
    """A prolific author among prolific co-authors: dense ties between ring-1 nodes use up the
    edge budget long before ring 2's topics, sources and institutions are reached."""
    g = GraphBuilder()
    authors = [g.author(f"A{i:03}") for i in range(60)]
    g.topic("fields/1", "A field", level="field")
    for i in range(1, 4):
        g.topic(f"T{i}", parent="fields/1")
    for i in range(6):
        g.source(f"S{i}")
        g.institution(f"I{i}")
    for n in range(120):
        team = ["A000", *(authors[1 + (n * 7 + k) % 59] for k in range(4))]
        g.work(
            f"W{n:03}",
            authors=team,
            year=2000 + n % 20,
            topics={f"T{1 + n % 3}": 0.5},
            venue=f"S{n % 6}",
            cites=[f"W{m:03}" for m in range(max(0, n - 3), n)],
        )
    for i, author in enumerate(authors):
        g.affiliate(author, f"I{i % 6}", [2020])
    return g


@pytest.fixture(scope="module")
def hub_client(driver: neo4j.Driver, neo4j_connection: Connection) -> Iterator[TestClient]:
    load(hubs(), driver, neo4j_connection)
    with api_client(neo4j_connection) as client:
        yield client


@pytest.mark.parametrize("max_edges", [None, 1000, 60, 1])
@pytest.mark.parametrize(("center", "depth"), [("A000", 2), ("A000", 1), ("W050", 2), ("S1", 2)])
def test_hub_slices_are_connected(
    hub_client: TestClient, center: str, depth: int, max_edges: int | None
) -> None:
    found = slice_of(hub_client, center, depth, max_edges)
    assert_connected(found, center)
    if max_edges is not None and max_edges < 60:
        assert len(found["nodes"]) == max_edges + 1 and found["truncated"] is True


def test_the_same_hub_gives_the_same_slice(hub_client: TestClient) -> None:
    assert slice_of(hub_client, "A000", 2, 60) == slice_of(hub_client, "A000", 2, 60)


def test_a_hub_slice_keeps_its_ring_two(hub_client: TestClient) -> None:
    found = slice_of(hub_client, "A000", 2, None)
    ring2 = {node["type"] for node in found["nodes"] if node["depth"] == 2}
    assert {"TOPIC", "INSTITUTION"} <= ring2
