"""The suite's own database rule: a dedicated variable, and no emptying of data it did not write."""

from __future__ import annotations

import neo4j
import pytest

from kg.db import Connection
from tests.conftest import (
    MARKER_LABEL,
    ForeignDatabase,
    claim_test_database,
    external_test_database,
    wipe,
)


def test_neo4j_uri_of_neo4js_own_tools_is_not_the_test_database() -> None:
    environ = {"NEO4J_URI": "bolt://prod.example.org:7687", "NEO4J_PASSWORD": "secret"}
    assert external_test_database(environ) is None
    assert external_test_database({"KG_NEO4J_URI": "bolt://live.example.org:7687"}) is None


def test_kg_test_neo4j_uri_names_the_test_database() -> None:
    environ = {
        "KG_TEST_NEO4J_URI": "bolt://ci.example.org:7687",
        "KG_TEST_NEO4J_USER": "ci",
        "KG_TEST_NEO4J_PASSWORD": "pw-12345678",
        "KG_TEST_NEO4J_DATABASE": "tests",
    }
    assert external_test_database(environ) == Connection(
        "bolt://ci.example.org:7687", "ci", "pw-12345678", "tests"
    )


def markers(driver: neo4j.Driver, database: str) -> int:
    records, _, _ = driver.execute_query(
        f"MATCH (m:{MARKER_LABEL}) RETURN count(m) AS n", database_=database
    )
    return int(records[0]["n"])


def test_a_database_with_foreign_data_is_refused_and_kept(
    driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    database = neo4j_connection.database
    wipe(driver, database)
    assert markers(driver, database) == 1  # written by the session fixture; wipes keep it
    driver.execute_query(f"MATCH (m:{MARKER_LABEL}) DELETE m", database_=database)
    driver.execute_query("CREATE (:Precious {name: 'not ours'})", database_=database)
    try:
        with pytest.raises(ForeignDatabase, match=r"holds 1 nodes .* KG_TEST_NEO4J_URI"):
            claim_test_database(driver, database, neo4j_connection.uri)
        records, _, _ = driver.execute_query(
            "MATCH (n:Precious) RETURN n.name AS name", database_=database
        )
        assert [r["name"] for r in records] == ["not ours"]
    finally:
        driver.execute_query("MATCH (n:Precious) DELETE n", database_=database)
        claim_test_database(driver, database, neo4j_connection.uri)  # empty again: claimed
    assert markers(driver, database) == 1
    claim_test_database(driver, database, neo4j_connection.uri)  # claiming twice adds nothing
    assert markers(driver, database) == 1
