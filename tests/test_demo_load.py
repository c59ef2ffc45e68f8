"""`load_demo`: generates once, loads once, and reloads after a load that did not finish."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from kg.db import Connection
from kg.reference_researcher import REFERENCE_AUTHOR_ID
from loaders.demo import load_demo
from synthetic.generate import FILE_NAMES
from tests.loader_support import assert_matches, count, expected_openalex, read_graph, wiped


@pytest.fixture
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> neo4j.Driver:
    return wiped(driver, neo4j_connection.database)


def test_the_demo_is_generated_and_loaded_once(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = neo4j_connection.database
    out = tmp_path / "demo"

    assert load_demo(graph, database, out_dir=out, authors=20, seed=3) is True
    files = [out / name for name in FILE_NAMES]
    assert all(path.is_file() for path in files)
    assert_matches(read_graph(graph), expected_openalex(files))
    assert count(graph, "MATCH (a:Author {id: $id}) RETURN count(a)", id=REFERENCE_AUTHOR_ID) == 1
    assert "Loading the demo data" in capsys.readouterr().out

    stamps = [path.stat().st_mtime_ns for path in files]
    assert load_demo(graph, database, out_dir=out, authors=20, seed=3) is False
    assert [path.stat().st_mtime_ns for path in files] == stamps  # not generated again

    # A load killed before its end leaves no marker: the next call loads again, harmlessly.
    before = read_graph(graph)
    graph.execute_query("MATCH (m:LoadMarker) DELETE m")
    assert load_demo(graph, database, out_dir=out, authors=20, seed=3) is True
    after = read_graph(graph)
    assert (after.works, after.authors, sorted(after.authorships), after.collaborations) == (
        before.works,
        before.authors,
        sorted(before.authorships),
        before.collaborations,
    )

    # Another size is another demo: generated afresh and loaded.
    assert load_demo(graph, database, out_dir=out, authors=12, seed=3) is True
    assert load_demo(graph, database, out_dir=out, authors=12, seed=3) is False


def test_a_graph_without_the_demo_is_loaded_even_with_a_stale_marker(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    graph.execute_query("CREATE (:LoadMarker {name: 'demo', authors: 20, seed: 3})")
    assert load_demo(graph, neo4j_connection.database, out_dir=tmp_path, authors=20, seed=3) is True
