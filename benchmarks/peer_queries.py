"""The questions of `make bench-peer`, as asked of ours and of the peer (the Neo4j GraphQL
Library on benchmarks/peer/typeDefs.graphql), and how their answers are compared."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Q1: the profile: an author, its counts, its 10 newest works with their venue.
OURS_Q1 = """query Q1($id: ID!) { author(id: $id) { id name
  counts { works citations collaborators }
  works(first: 10) { totalCount
    edges { node { id title year citedByCount venue { id name } } } } } }"""
PEER_Q1 = """query Q1($id: ID!) { authors(where: {id: {eq: $id}}) { id name
  collaboratorsConnection { totalCount }
  worksConnection(first: 10, sort: [{node: {year: DESC}}, {node: {id: ASC}}]) { totalCount
    aggregate { node { cited_by_count { sum } } }
    edges { node { id title year cited_by_count venue { id name } } } } } }"""

# Q2: nested: 10 works -> their authors -> each one's 5 strongest collaborators.
OURS_Q2 = """query Q2($id: ID!) { author(id: $id) { id
  works(first: 10) { edges { node { id
    authors { author { id
      collaborators(first: 5) { totalCount edges { node { author { id } strength } } } }
    } } } } } }"""
PEER_Q2 = """query Q2($id: ID!) { authors(where: {id: {eq: $id}}) { id
  worksConnection(first: 10, sort: [{node: {year: DESC}}, {node: {id: ASC}}]) {
    edges { node { id
      authors { id
        collaboratorsConnection(first: 5, sort: [{edge: {strength: DESC}}, {edge: {works: DESC}},
                                                 {node: {id: ASC}}]) {
          totalCount edges { properties { strength } node { id } } } } } } } } }"""

# Q3: our graphSlice (the explorer's view: ring 1, and ring 2 at depth 2) against the peer's
# nearest nested query: the author's strongest collaborators, most cited works, institutions,
# and at depth 2 the collaborators' collaborators and the works' authors and topics. The shapes
# differ, so the answers are not compared.
_SLICE = """query Q3($id: ID!) { graphSlice(center: $id, depth: DEPTH) { depth truncated
  nodes { id type label weight depth } edges { source target type weight } } }"""
OURS_Q3_DEPTH_1 = _SLICE.replace("DEPTH", "1")
OURS_Q3_DEPTH_2 = _SLICE.replace("DEPTH", "2")
_PEER_SLICE = """query Q3($id: ID!) { authors(where: {id: {eq: $id}}) { id name
  collaboratorsConnection(first: 25, sort: [{edge: {strength: DESC}}, {node: {id: ASC}}]) {
    edges { properties { strength } node { id name COLLABORATORS } } }
  worksConnection(first: 25, sort: [{node: {cited_by_count: DESC}}, {node: {id: ASC}}]) {
    edges { node { id title cited_by_count WORK } } }
  affiliationsConnection(first: 10) { edges { node { id name } } } } }"""
PEER_Q3_DEPTH_1 = _PEER_SLICE.replace("COLLABORATORS", "").replace("WORK", "")
PEER_Q3_DEPTH_2 = _PEER_SLICE.replace(
    "COLLABORATORS",
    "collaboratorsConnection(first: 25, sort: [{edge: {strength: DESC}}, {node: {id: ASC}}]) "
    "{ edges { properties { strength } node { id name } } }",
).replace(
    "WORK",
    "authorsConnection(first: 25) { edges { node { id name } } } "
    "topicsConnection(first: 10) { edges { properties { score } node { id name } } }",
)

# Q4: a topic's 20 most cited works, with how many it has.
OURS_Q4 = """query Q4($id: ID!) { topic(id: $id) {
  works(first: 20, orderBy: {field: CITATIONS, direction: DESC}) { totalCount
    edges { node { id title citedByCount } } } } }"""
PEER_Q4 = """query Q4($id: ID!) { topics(where: {id: {eq: $id}}) {
  worksConnection(first: 20, sort: [{node: {cited_by_count: DESC}}, {node: {id: ASC}}]) {
    totalCount edges { node { id title cited_by_count } } } } }"""


def _one(peer: dict[str, Any], key: str) -> dict[str, Any] | None:
    found = peer[key]
    return found[0] if len(found) == 1 else None


def compare_q1(ours: dict[str, Any], peer: dict[str, Any]) -> str | None:
    mine, theirs = ours["author"], _one(peer, "authors")
    if mine is None or theirs is None:
        return "author missing"
    works = theirs["worksConnection"]
    citations = works["aggregate"]["node"]["cited_by_count"]["sum"] or 0
    mine_counts = (
        mine["counts"]["works"],
        mine["works"]["totalCount"],
        mine["counts"]["citations"],
        mine["counts"]["collaborators"],
    )
    their_counts = (
        works["totalCount"],
        works["totalCount"],
        citations,
        theirs["collaboratorsConnection"]["totalCount"],
    )
    if mine_counts != their_counts:
        return f"counts {mine_counts} != {their_counts}"

    def venue(node: dict[str, Any]) -> Any:
        v = node["venue"]
        return (v or {}).get("id") if isinstance(v, dict) else (v[0]["id"] if v else None)

    mine_works = [
        (e["node"]["id"], e["node"]["citedByCount"], venue(e["node"]))
        for e in mine["works"]["edges"]
    ]
    their_works = [
        (e["node"]["id"], e["node"]["cited_by_count"] or 0, venue(e["node"]))
        for e in works["edges"]
    ]
    return None if mine_works == their_works else f"works {mine_works} != {their_works}"


def compare_q2(ours: dict[str, Any], peer: dict[str, Any]) -> str | None:
    mine, theirs = ours["author"], _one(peer, "authors")
    if mine is None or theirs is None:
        return "author missing"

    def of_ours(author: dict[str, Any]) -> Any:
        page = author["collaborators"]
        edges = [(e["node"]["author"]["id"], e["node"]["strength"]) for e in page["edges"]]
        return page["totalCount"], edges

    def of_peer(author: dict[str, Any]) -> Any:
        page = author["collaboratorsConnection"]
        edges = [(e["node"]["id"], e["properties"]["strength"]) for e in page["edges"]]
        return page["totalCount"], edges

    mine_works = [
        (e["node"]["id"], {a["author"]["id"]: of_ours(a["author"]) for a in e["node"]["authors"]})
        for e in mine["works"]["edges"]
    ]
    their_works = [
        (e["node"]["id"], {a["id"]: of_peer(a) for a in e["node"]["authors"]})
        for e in theirs["worksConnection"]["edges"]
    ]
    if mine_works != their_works:
        return f"works {mine_works[:2]} != {their_works[:2]} ..."
    return None


def compare_q4(ours: dict[str, Any], peer: dict[str, Any]) -> str | None:
    mine, theirs = ours["topic"], _one(peer, "topics")
    if mine is None or theirs is None:
        return "topic missing"
    mine_page = (
        mine["works"]["totalCount"],
        [(e["node"]["id"], e["node"]["citedByCount"]) for e in mine["works"]["edges"]],
    )
    page = theirs["worksConnection"]
    their_page = (
        page["totalCount"],
        [(e["node"]["id"], e["node"]["cited_by_count"] or 0) for e in page["edges"]],
    )
    return None if mine_page == their_page else f"{mine_page} != {their_page}"


COMPARERS: dict[str, Callable[[dict[str, Any], dict[str, Any]], str | None]] = {
    "Q1 profile": compare_q1,
    "Q2 nested": compare_q2,
    "Q4 topic works": compare_q4,
}
