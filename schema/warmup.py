"""Plans the author page's reads once, at start, before the first reader asks.

Neo4j plans a statement on its first run and caches the plan. graphSlice's statement is large:
planning it takes a second or two on an idle machine and much longer on a busy one, and a first
run that hits the read's time budget (resolvers.context.READ_TIMEOUT_SECONDS) caches no plan, so
on a loaded machine every later run would time out too. The warm-up runs the page's queries
(the profile, the first slice, an expansion) for some author of the graph, and a topic's page of
works, through the schema,
so that each Cypher statement is planned with the parameter types real requests have, with a
budget long enough for planning. It runs in the background: the service answers meanwhile.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import neo4j
from strawberry.schema.base import BaseSchema

import cypher
from kg.settings import Settings
from resolvers.context import Context

logger = logging.getLogger(__name__)

WARM_UP_TIMEOUT_SECONDS = 300.0

# What the researcher page asks for (explorer/web/src/queries.js): the profile with its works,
# the first slice (depth 2 with per-type limits) and an expansion (depth 1, the defaults); and
# the folded profile below.
PAGE = """
query WarmUp($id: ID!) {
  author(id: $id) {
    id name affiliation { id name } counts { works followers topics collaborators }
    trust { score components { key points } }
    topics(first: 5) { weight topic { id name } }
    works(first: 20, orderBy: { field: YEAR, direction: DESC }) {
      totalCount edges { node { id title venue { id name } } }
    }
    collaborators(first: 10) { totalCount edges { node { strength author { id name } } } }
  }
  first: graphSlice(
    center: $id, depth: 2, minStrength: 0,
    limits: { authors: 10, works: 6, topics: 6, institutions: 4, sources: 2 }, maxEdges: 150
  ) { nodes { id } edges { source target } }
  expansion: graphSlice(center: $id, depth: 1) { nodes { id } }
  # An author lookup with its page of works in one statement (cypher/authors/page, the shape
  # schema/query.py folds; the page above is folded too): the largest statement after the
  # slice's.
  folded: author(id: $id) {
    counts { works } works(first: 10) { totalCount edges { node { id venue { id } } } }
  }
}
"""


# A topic's page (Q4 of benchmarks/peer_queries.py): cypher/topics/page.
TOPIC_PAGE = """
query WarmUpTopic($id: ID!) {
  topic(id: $id) {
    id name works(first: 20, orderBy: { field: CITATIONS, direction: DESC }) {
      totalCount edges { node { id title citedByCount } }
    }
  }
}
"""


@dataclass(frozen=True)
class WarmUp:
    author: str | None
    topic: str | None
    seconds: float
    errors: tuple[str, ...]


async def warm_up(
    schema: BaseSchema, driver: neo4j.AsyncDriver, database: str, settings: Settings
) -> WarmUp:
    started = time.monotonic()
    records, _, _ = await driver.execute_query(
        cypher.query("stats/warm_up_ids"), database_=database, routing_=neo4j.RoutingControl.READ
    )
    author = records[0]["id"] if records else None
    topic = records[0]["topic"] if records else None
    errors: tuple[str, ...] = ()
    for document, node in ((PAGE, author), (TOPIC_PAGE, topic)):
        if node is None:
            continue
        context = Context(
            driver=driver,
            database=database,
            settings=settings,
            read_timeout=WARM_UP_TIMEOUT_SECONDS,
        )
        result = await schema.execute(document, variable_values={"id": node}, context_value=context)
        errors += tuple(error.message for error in result.errors or ())
    done = WarmUp(author, topic, time.monotonic() - started, errors)
    if errors:
        logger.warning("warm-up of the author page's reads: %s", "; ".join(errors))
    else:
        logger.info("planned the author page's reads in %.1f s", done.seconds)
    return done
