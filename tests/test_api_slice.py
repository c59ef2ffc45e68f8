"""graphSlice: the bounded neighbourhood of any node, compared with the documented rules
(docs/api.md) computed in Python over the factory's graph."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from kg.db import Connection
from tests.api_factory import (
    GraphBuilder,
    api_client,
    data,
    errors,
    execute,
    list_completion,
    load,
)

LIMIT_FIELDS = {
    "AUTHOR": "authors",
    "WORK": "works",
    "TOPIC": "topics",
    "INSTITUTION": "institutions",
    "SOURCE": "sources",
}
DEFAULT_LIMITS = {"authors": 25, "works": 25, "topics": 10, "institutions": 10, "sources": 5}
# From each ring-1 node type, what depth 2 expands: (relationship type, direction or None).
EXPANDS = {
    "AUTHOR": {("AUTHORED", None), ("COLLABORATES_WITH", None), ("AFFILIATED_WITH", None)},
    "WORK": {("AUTHORED", None), ("HAS_TOPIC", None), ("PUBLISHED_IN", None), ("CITES", None)},
    "TOPIC": {("SUBTOPIC_OF", "out")},
}


def mixed_graph() -> GraphBuilder:
    """Authors, works, topics, institutions and sources with exact binary weights (teams of
    2, 3 or 5; topic scores in quarters), so that sums compare exactly."""
    rng = random.Random(5)
    g = GraphBuilder()
    authors = [g.author(f"A{i:03}", cited_by_count=rng.choice([0, 5, 9])) for i in range(40)]
    g.topic("fields/1", "Field one", level="field")
    g.topic("fields/2", "Field two", level="field")
    topics = [g.topic(f"T{i}", parent=f"fields/{1 + i % 2}") for i in range(8)]
    sources = [g.source(f"S{i}") for i in range(4)]
    institutions = [g.institution(f"I{i}") for i in range(6)]
    works: list[str] = []
    for n in range(70):
        team = rng.sample(authors[:12] if n % 2 else authors, rng.choice([1, 2, 3, 5]))
        work = g.work(
            f"W{n:03}",
            authors=team,
            year=rng.choice(range(2015, 2024)),
            cited_by_count=rng.choice([0, 1, 2, 8]),
            topics={t: rng.choice([0.25, 0.5, 0.75, 1.0]) for t in rng.sample(topics, 2)},
            venue=rng.choice(sources),
            cites=rng.sample(works, min(len(works), rng.choice([0, 1, 3]))),
        )
        works.append(work)
    for author in authors:
        for institution in rng.sample(institutions, rng.choice([0, 1, 2])):
            g.affiliate(author, institution, [2018, 2020])
    return g


def relationships(g: GraphBuilder) -> list[tuple[str, str, str, float]]:
    """Every drawn relationship as (start, type, end, weight)."""
    rels = [(r["author"], "AUTHORED", r["work"], 1.0) for r in g.authorships]
    rels += [(r["work"], "HAS_TOPIC", r["topic"], r["score"]) for r in g.work_topics]
    rels += [(r["work"], "PUBLISHED_IN", r["source"], 1.0) for r in g.venues]
    rels += [(r["work"], "CITES", r["cited"], 1.0) for r in g.cites]
    rels += [(r["child"], "SUBTOPIC_OF", r["parent"], 1.0) for r in g.parents]
    rels += [(r["author"], "AFFILIATED_WITH", r["institution"], 1.0) for r in g.affiliations]
    rels += [
        (low, "COLLABORATES_WITH", high, pair.strength)
        for (low, high), pair in g.collaborations().items()
    ]
    return rels


def node_type(g: GraphBuilder, node: str) -> str:
    for kind, nodes in (
        ("AUTHOR", g.authors),
        ("WORK", g.works),
        ("TOPIC", g.topics),
        ("INSTITUTION", g.institutions),
        ("SOURCE", g.sources),
    ):
        if node in nodes:
            return kind
    raise KeyError(node)


def prominence(g: GraphBuilder, node: str) -> int:
    props = {**g.authors, **g.works}.get(node, {})
    return props.get("cited_by_count") or props.get("works_count") or 0


def expected_slice(
    g: GraphBuilder, center: str, depth: int, limits: dict[str, int], min_strength: float = 0.0
) -> tuple[list[Any], list[Any], bool]:
    rels = [r for r in relationships(g) if r[1] != "COLLABORATES_WITH" or r[3] >= min_strength]
    truncated = False

    def ring(frontier: list[str], excluded: set[str], ring_depth: int) -> list[str]:
        nonlocal truncated
        weight: dict[str, float] = defaultdict(float)
        for start, kind, end, w in rels:
            for here, there, direction in ((start, end, "out"), (end, start, "in")):
                if here not in frontier or there in excluded or there == here:
                    continue
                if ring_depth == 2:
                    allowed = EXPANDS.get(node_type(g, here), set())
                    if (kind, None) not in allowed and (kind, direction) not in allowed:
                        continue
                weight[there] += w
        kept = []
        for kind in LIMIT_FIELDS:
            ranked = sorted(
                (n for n in weight if node_type(g, n) == kind),
                key=lambda n: (-weight[n], -prominence(g, n), n),
            )
            limit = limits[LIMIT_FIELDS[kind]]
            truncated |= len(ranked) > limit
            kept += ranked[:limit]
        return kept

    ring1 = ring([center], {center}, 1)
    ring2 = ring(ring1, {center, *ring1}, 2) if depth == 2 else []
    kept = {center, *ring1, *ring2}
    edges = {(s, t, k) for s, k, t, _ in rels if s in kept and t in kept}
    nodes = [(center, 0)] + [(n, 1) for n in ring1] + [(n, 2) for n in ring2]
    return nodes, sorted(edges), truncated


def reached(center: str, edges: list[tuple[str, str, str]]) -> set[str]:
    """The nodes reached from the centre over the edges, either way."""
    around: dict[str, set[str]] = defaultdict(set)
    for source, target, _ in edges:
        around[source].add(target)
        around[target].add(source)
    seen, frontier = {center}, [center]
    while frontier:
        frontier = [n for node in frontier for n in around[node] if n not in seen]
        seen.update(frontier)
    return seen


SLICE = """query ($center: ID!, $depth: Int, $limits: SliceLimits, $minStrength: Float,
                   $maxEdges: Int) {
  graphSlice(center: $center, depth: $depth, limits: $limits, minStrength: $minStrength,
             maxEdges: $maxEdges) {
    depth truncated center { id type depth }
    nodes { id type label weight depth }
    edges { source target type weight }
    columns { ids types labels weights depths edgeSources edgeTargets edgeTypes edgeWeights }
  } }"""


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> GraphBuilder:
    return load(mixed_graph(), driver, neo4j_connection)


@pytest.fixture(scope="module")
def client(graph: GraphBuilder, neo4j_connection: Connection) -> Iterator[TestClient]:
    with api_client(neo4j_connection) as test_client:
        yield test_client


def check(
    client: TestClient,
    g: GraphBuilder,
    center: str,
    depth: int,
    limits: dict[str, int] | None = None,
    min_strength: float = 0.0,
    max_edges: int = 300,
) -> dict[str, Any]:
    limits_given = {**DEFAULT_LIMITS, **(limits or {})}
    found = data(
        client,
        SLICE,
        {
            "center": center,
            "depth": depth,
            "limits": limits,
            "minStrength": min_strength,
            "maxEdges": max_edges,
        },
    )["graphSlice"]
    nodes, edges, truncated = expected_slice(g, center, depth, limits_given, min_strength)
    # Within a type and ring the order is the ranking; across types the API groups by type.
    got = [(n["id"], n["depth"]) for n in found["nodes"]]
    got_edges = [(e["source"], e["target"], e["type"]) for e in found["edges"]]
    # Every node drawn is reached from the centre by the edges returned (issue 9, finding 4).
    assert reached(center, got_edges) == {i for i, _ in got}
    if len(nodes) - 1 <= max_edges:
        assert sorted(got) == sorted(nodes)
    else:
        # Too few edges to reach every kept node: those the budget reaches stay, one edge each
        # (the old expectation, every node whatever the budget, stranded the others).
        assert set(got) <= set(nodes) and len(got) == max_edges + 1
        nodes = [node for node in nodes if node in got]
    for ring in (1, 2):
        for kind in LIMIT_FIELDS:
            assert [i for i, d in got if d == ring and node_type(g, i) == kind] == [
                i for i, d in nodes if d == ring and node_type(g, i) == kind
            ]
    if len(edges) <= max_edges:
        assert sorted(got_edges) == edges
    else:
        assert len(got_edges) == max_edges and set(got_edges) <= set(edges)
        truncated = True
    assert found["truncated"] is truncated
    # Edges nearest the centre first: by the ring of the nearer end, then of the farther.
    depth_of = {n["id"]: n["depth"] for n in found["nodes"]}
    rings = [(min(depth_of[s], depth_of[t]), depth_of[s] + depth_of[t]) for s, t, _ in got_edges]
    assert rings == sorted(rings)
    assert found["center"] == {"id": center, "type": node_type(g, center), "depth": 0}
    assert found["nodes"][0]["id"] == center
    return found


@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("center", ["A003", "A007", "W010", "W069", "T3", "fields/1", "I2", "S1"])
def test_slices_follow_the_rules(
    client: TestClient, graph: GraphBuilder, center: str, depth: int
) -> None:
    check(client, graph, center, depth)


@pytest.mark.parametrize(
    "limits",
    [
        {"authors": 3, "works": 2, "topics": 1},
        {"authors": 0, "institutions": 0, "sources": 0},
        {"works": 100},
    ],
)
def test_limits_bound_each_type_per_ring(
    client: TestClient, graph: GraphBuilder, limits: dict[str, int]
) -> None:
    found = check(client, graph, "A003", 2, limits)
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for node in found["nodes"][1:]:
        counts[(node["type"], node["depth"])] += 1
    for (kind, _), count in counts.items():
        assert count <= {**DEFAULT_LIMITS, **limits}[LIMIT_FIELDS[kind]]


@pytest.mark.parametrize("max_edges", [0, 5, 40])
def test_max_edges_keeps_the_edges_nearest_the_centre(
    client: TestClient, graph: GraphBuilder, max_edges: int
) -> None:
    found = check(client, graph, "A003", 2, max_edges=max_edges)
    assert len(found["edges"]) == max_edges and found["truncated"] is True


def test_min_strength_drops_weak_collaborations(client: TestClient, graph: GraphBuilder) -> None:
    found = check(client, graph, "A003", 2, min_strength=0.5)
    assert all(e["weight"] >= 0.5 for e in found["edges"] if e["type"] == "COLLABORATES_WITH")


def test_weights_and_edges(client: TestClient, graph: GraphBuilder) -> None:
    found = data(client, SLICE, {"center": "A003", "depth": 1})["graphSlice"]
    pairs = graph.collaborators_of("A003")
    for node in found["nodes"]:
        if node["depth"] == 1 and node["type"] == "AUTHOR":
            assert node["weight"] == pairs[node["id"]].strength
    ids = {n["id"] for n in found["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in found["edges"])
    # At depth 1 every edge touches the centre or joins two ring-1 nodes; heaviest first within.
    centre_edges = [e["weight"] for e in found["edges"] if "A003" in (e["source"], e["target"])]
    assert centre_edges == sorted(centre_edges, reverse=True)
    assert found["edges"][: len(centre_edges)] == [
        e for e in found["edges"] if "A003" in (e["source"], e["target"])
    ]


def test_columns_carry_the_same_slice(client: TestClient) -> None:
    found = data(client, SLICE, {"center": "W010", "depth": 2})["graphSlice"]
    columns = found["columns"]
    assert columns["ids"] == [n["id"] for n in found["nodes"]]
    assert columns["types"] == [n["type"] for n in found["nodes"]]
    assert columns["labels"] == [n["label"] for n in found["nodes"]]
    assert columns["weights"] == [n["weight"] for n in found["nodes"]]
    assert columns["depths"] == [n["depth"] for n in found["nodes"]]
    assert columns["edgeSources"] == [e["source"] for e in found["edges"]]
    assert columns["edgeTargets"] == [e["target"] for e in found["edges"]]
    assert columns["edgeTypes"] == [e["type"] for e in found["edges"]]
    assert columns["edgeWeights"] == [e["weight"] for e in found["edges"]]


def test_the_same_data_gives_the_same_slice(client: TestClient) -> None:
    first = data(client, SLICE, {"center": "A003", "depth": 2})
    assert all(data(client, SLICE, {"center": "A003", "depth": 2}) == first for _ in range(3))


def test_a_slice_is_one_round_trip(neo4j_connection: Connection, graph: GraphBuilder) -> None:
    result, context = execute(neo4j_connection, SLICE, {"center": "A003", "depth": 2})
    assert result.errors is None and context.round_trips == 1


def test_the_slice_lists_take_the_fast_path(
    neo4j_connection: Connection, graph: GraphBuilder
) -> None:
    # schema/execution.py's shortcut, on the real query: nodes, edges and every column.
    with list_completion() as lists:
        result, _ = execute(neo4j_connection, SLICE, {"center": "A003", "depth": 2})
    assert result.errors is None
    assert len(result.data["graphSlice"]["nodes"]) > 10  # type: ignore[index]
    columns = "ids types labels weights depths edgeSources edgeTargets edgeTypes edgeWeights"
    slice_lists = {("graphSlice", "nodes"), ("graphSlice", "edges")} | {
        ("graphSlice", "columns", name) for name in columns.split()
    }
    assert set(lists.fast) == slice_lists
    assert lists.fallback == []


def test_unknown_centre_is_not_found(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": SLICE, "variables": {"center": "A999"}})
    body = response.json()
    assert body["data"] is None  # graphSlice is non-null: the error nulls the whole result
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "argument": "center"}


@pytest.mark.parametrize(
    "variables, argument",
    [
        ({"depth": 3}, "depth"),
        ({"depth": 0}, "depth"),
        ({"limits": {"authors": -1}}, "limits.authors"),
        ({"limits": {"works": 101}}, "limits.works"),
        ({"minStrength": -0.5}, "minStrength"),
        ({"maxEdges": 1001}, "maxEdges"),
        ({"center": " "}, "center"),
    ],
)
def test_bad_arguments(client: TestClient, variables: dict[str, Any], argument: str) -> None:
    [error] = errors(client, SLICE, {"center": "A003", **variables})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == argument
