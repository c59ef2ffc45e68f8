"""The graph's schema for analysts: public labels and relationship types with their counts,
property keys (counted in a sample) and the indexes that serve them.

Only the public model is listed (`analyst.model`); private labels, types and indexes are left out
as the guard leaves them out of statements. The documented meaning of each is docs/graph-model.md.
"""

from __future__ import annotations

from typing import Any

import neo4j

import cypher
from analyst.model import PUBLIC_LABELS, PUBLIC_RELATIONSHIP_TYPES, PUBLIC_TOKENS

PROPERTY_SAMPLE = 10_000


async def graph_schema(driver: neo4j.AsyncDriver, database: str) -> dict[str, Any]:
    async with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        labels = await (await session.run(cypher.query("guard/label_counts"))).data()
        types = await (await session.run(cypher.query("guard/relationship_counts"))).data()
        keys = await (
            await session.run(cypher.query("guard/property_keys"), sample=PROPERTY_SAMPLE)
        ).data()
        indexes = await (await session.run(cypher.query("guard/indexes"))).data()
    properties: dict[str, list[dict[str, Any]]] = {}
    for row in keys:
        properties.setdefault(row["of"], []).append({"key": row["key"], "count": row["count"]})
    served: dict[str, list[dict[str, Any]]] = {}
    for index in indexes:
        covered = list(index["labelsOrTypes"] or ())
        if not covered or not set(covered) <= PUBLIC_TOKENS:
            continue
        for token in covered:
            served.setdefault(token, []).append(
                {
                    "name": index["name"],
                    "type": index["type"],
                    "properties": list(index["properties"] or ()),
                    "unique": index["unique"],
                    "state": index["state"],
                }
            )

    def entry(kind: str, name: str, count: int) -> dict[str, Any]:
        return {
            kind: name,
            "count": count,
            "properties": properties.get(name, []),
            "indexes": served.get(name, []),
        }

    return {
        "model": "docs/graph-model.md",
        "propertySample": PROPERTY_SAMPLE,
        "labels": [
            entry("label", row["label"], row["count"])
            for row in labels
            if row["label"] in PUBLIC_LABELS
        ],
        "relationshipTypes": [
            entry("type", row["type"], row["count"])
            for row in types
            if row["type"] in PUBLIC_RELATIONSHIP_TYPES
        ],
    }
