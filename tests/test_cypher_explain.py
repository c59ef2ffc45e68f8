"""Every named query compiles: EXPLAIN with every parameter set to null (schema/* excepted, as
they are DDL; load/* run as the loaders do, also under EXPLAIN)."""

from __future__ import annotations

import re

import neo4j
import pytest

import cypher

PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)")
NAMES = [name for name in cypher.all_query_names() if not name.startswith("schema/")]


def test_there_are_queries_to_check() -> None:
    assert {"authors/profile", "slice/neighbourhood", "paths/coauthor"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_query_compiles(driver: neo4j.Driver, neo4j_connection: object, name: str) -> None:
    text = cypher.query(name)
    code = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    parameters = dict.fromkeys(PARAMETER.findall(code))
    with driver.session(database=neo4j_connection.database) as session:  # type: ignore[attr-defined]
        # EXPLAIN plans without running; IN TRANSACTIONS needs an auto-commit query, hence run().
        session.run(f"EXPLAIN {text}", parameters).consume()
