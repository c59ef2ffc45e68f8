import neo4j


def test_the_database_answers(empty_graph: neo4j.Driver) -> None:
    records, _, _ = empty_graph.execute_query("CREATE (a:Probe {x: $x}) RETURN a.x AS x", x=41)
    assert records[0]["x"] == 41
