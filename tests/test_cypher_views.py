"""GET /cypher/views/{panel}: the named query behind an explorer panel and its parameters, as the
resolvers pass them (no database: the view runs nothing). The browser test runs these parameters
against the demo graph and compares the rows with what the page shows."""

from __future__ import annotations

import pytest

import cypher
from cypher_endpoint import VIEWS, view_query
from kg.graph_rules import CLOSE_COLLABORATOR_STRENGTH
from kg.settings import Settings
from resolvers.errors import BadUserInput

SETTINGS = Settings(neo4j_uri="bolt://127.0.0.1:1")  # type: ignore[call-arg]


def test_each_panel_names_its_query_with_the_resolvers_parameters() -> None:
    profile = view_query("profile", {"id": "https://openalex.org/A5100000001"}, SETTINGS)
    assert profile["query"] == "authors/profile"
    assert profile["file"] == "cypher/authors/profile.cypher"
    assert profile["cypher"] == cypher.query("authors/profile")
    assert profile["parameters"] == {
        "ids": ["A5100000001"],
        "closeStrength": CLOSE_COLLABORATOR_STRENGTH,
    }
    works = view_query("works", {"id": "A1", "first": 20}, SETTINGS)["parameters"]
    assert works["ids"] == ["A1"] and works["limit"] == 21
    assert (works["field"], works["descending"], works["afterId"]) == ("YEAR", True, None)
    collaborators = view_query("collaborators", {"id": "A1", "first": 10}, SETTINGS)
    assert collaborators["parameters"]["limit"] == 11
    assert collaborators["parameters"]["close"] is None
    graph = view_query(
        "graph",
        {
            "center": "A1",
            "depth": 2,
            "minStrength": 0,
            "limits": {"authors": 10, "works": 6, "topics": 6, "institutions": 4, "sources": 2},
            "maxEdges": 150,
        },
        SETTINGS,
    )["parameters"]
    assert graph == {
        "center": "A1",
        "depth": 2,
        "limits": {"AUTHOR": 10, "WORK": 6, "TOPIC": 6, "INSTITUTION": 4, "SOURCE": 2},
        "minStrength": 0.0,
        "maxEdges": 150,
    }
    assert set(VIEWS) == {"profile", "works", "collaborators", "graph"}
    # What an analyst runs: the panel's own query, but the profile's public variant (its own
    # reads accounts); tests/test_analyst_panels.py runs each and compares it with the API.
    assert profile["analyst"]["query"] == "authors/profile_public"
    assert (
        profile["analyst"]["variant"] and profile["analyst"]["parameters"] == profile["parameters"]
    )
    assert "followers" in profile["analyst"]["note"]
    for panel, variables in (("works", {"id": "A1"}), ("graph", {"center": "A1"})):
        shown = view_query(panel, variables, SETTINGS)
        assert shown["analyst"]["cypher"] == shown["cypher"] and not shown["analyst"]["variant"]


@pytest.mark.parametrize(
    ("panel", "variables", "argument"),
    [
        ("users", {"id": "A1"}, "panel"),
        ("profile", {}, "id"),
        ("profile", {"id": ""}, "id"),
        ("works", {"id": "A1", "first": 10_000}, "first"),
        ("works", {"id": "A1", "first": "ten"}, "first"),
        ("graph", {"center": "A1", "depth": 3}, "depth"),
        ("graph", {"center": "A1", "limits": "many"}, "limits"),
    ],
)
def test_what_the_graphql_field_refuses_is_bad_user_input(
    panel: str, variables: dict[str, object], argument: str
) -> None:
    with pytest.raises(BadUserInput) as raised:
        view_query(panel, variables, SETTINGS)
    assert raised.value.extensions["argument"] == argument
