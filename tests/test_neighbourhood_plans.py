"""The author page's reads start from the author and expand: the plans of the profile query and
of graphSlice hold no scan of a label or relationship type, and no seek of the relationship
index on COLLABORATES_WITH(strength), all of which read in proportion to the whole graph rather
than to the neighbourhood (issue 15: reads that stay flat as the graph grows;
benchmarks/scale_benchmark.py measures them). EXPLAIN only: the plans, not their times."""

from __future__ import annotations

from typing import Any, LiteralString

import neo4j
import pytest

import cypher
from kg.db import Connection
from kg.graph_rules import CLOSE_COLLABORATOR_STRENGTH
from tests.api_factory import load
from tests.test_api_slice import mixed_graph

LIMITS = {"AUTHOR": 25, "WORK": 25, "TOPIC": 10, "INSTITUTION": 10, "SOURCE": 5}
GROWING = ("NodeByLabelScan", "AllNodesScan", "RelationshipTypeScan", "RelationshipIndexSeek")


@pytest.fixture(scope="module")
def loaded(driver: neo4j.Driver, neo4j_connection: Connection) -> None:
    load(mixed_graph(), driver, neo4j_connection)


def operators(
    driver: neo4j.Driver, database: str, query: LiteralString, **params: Any
) -> list[str]:
    explained: LiteralString = "EXPLAIN " + query  # type: ignore[assignment]
    summary = driver.execute_query(explained, params, database_=database).summary

    def walk(plan: Any) -> list[str]:
        return [str(plan["operatorType"]).split("@")[0]] + [
            name for child in plan.get("children", []) for name in walk(child)
        ]

    return walk(summary.plan)


@pytest.mark.usefixtures("loaded")
@pytest.mark.parametrize("depth", [1, 2])
def test_the_slice_expands_from_its_centre(
    driver: neo4j.Driver, neo4j_connection: Connection, depth: int
) -> None:
    names = operators(
        driver,
        neo4j_connection.database,
        cypher.query("slice/neighbourhood"),
        center="A001",
        depth=depth,
        limits=LIMITS,
        minStrength=0.0,
        maxEdges=300,
    )
    assert "NodeUniqueIndexSeek" in names
    assert [n for n in names if any(g in n for g in GROWING)] == []


@pytest.mark.usefixtures("loaded")
def test_the_profile_expands_from_its_author(
    driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    names = operators(
        driver,
        neo4j_connection.database,
        cypher.query("authors/profile"),
        ids=["A001"],
        closeStrength=CLOSE_COLLABORATOR_STRENGTH,
    )
    assert "NodeUniqueIndexSeek" in names
    assert [n for n in names if any(g in n for g in GROWING)] == []
