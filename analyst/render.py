"""Neo4j values as plain JSON, and rows as JSON, JSON Lines or CSV, one chunk at a time.

Plain means what pandas, R and a spreadsheet read without a Neo4j library: a node is
`{"elementId", "labels", "properties"}`, a relationship `{"elementId", "type",
"startNodeElementId", "endNodeElementId", "properties"}`, a path `{"nodes", "relationships"}`,
temporal values ISO 8601 strings, a point `{"srid", "x", "y"[, "z"]}`, bytes base64.

Rendering is also the second line of defence: a node with a label outside the public model, or a
relationship of a private type, stops the statement (PRIVATE_RESULT) even if the plan check missed
the way it got there.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

from analyst import errors
from analyst.errors import Refused
from analyst.model import PUBLIC_LABELS, PUBLIC_RELATIONSHIP_TYPES

FORMATS = {"json": "application/json", "jsonl": "application/jsonl", "csv": "text/csv"}
MEDIA_TYPES = {
    "application/json": "json",
    "application/jsonl": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/jsonlines": "jsonl",
    "text/csv": "csv",
}


def plain(value: Any) -> Any:
    """A JSON-ready copy of a value from Neo4j; Refused when it carries private data."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Node):
        return _node(value)
    if isinstance(value, Relationship):
        return _relationship(value)
    if isinstance(value, Path):
        return {
            "nodes": [_node(node) for node in value.nodes],
            "relationships": [_relationship(rel) for rel in value.relationships],
        }
    if isinstance(value, Date | DateTime | Time):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, Point):
        point: dict[str, Any] = {"srid": value.srid, "x": value[0], "y": value[1]}
        if len(value) > 2:
            point["z"] = value[2]
        return point
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, Sequence):
        return [plain(item) for item in value]
    return str(value)


def _node(node: Node) -> dict[str, Any]:
    labels = sorted(node.labels)
    if not labels or not set(labels) <= PUBLIC_LABELS:
        raise Refused(
            errors.PRIVATE_RESULT,
            "the result holds a node outside the public graph model; the statement was stopped",
        )
    return {
        "elementId": node.element_id,
        "labels": labels,
        "properties": {key: plain(item) for key, item in node.items()},
    }


def _relationship(relationship: Relationship) -> dict[str, Any]:
    if relationship.type not in PUBLIC_RELATIONSHIP_TYPES:
        raise Refused(
            errors.PRIVATE_RESULT,
            "the result holds a relationship outside the public graph model; the statement was "
            "stopped",
        )
    start, end = relationship.start_node, relationship.end_node
    for node in (start, end):
        if node is not None and node.labels:
            _node(node)  # the driver knows an end's labels only when the result held that node
    return {
        "elementId": relationship.element_id,
        "type": relationship.type,
        "startNodeElementId": start.element_id if start is not None else None,
        "endNodeElementId": end.element_id if end is not None else None,
        "properties": {key: plain(item) for key, item in relationship.items()},
    }


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class RowEncoder:
    """Turns rows into the chunks of one response body; `max_row_bytes` bounds any one row."""

    def __init__(self, format: str, columns: Sequence[str], max_row_bytes: int) -> None:
        self.format = format
        self.columns = list(columns)
        self.max_row_bytes = max_row_bytes
        self._rows = 0

    def head(self) -> str:
        if self.format == "json":
            return '{"columns":' + json_text(self.columns) + ',"rows":['
        if self.format == "csv":
            return self._csv_line(self.columns)
        return ""

    def rows(self, rows: Iterable[Sequence[Any]]) -> str:
        parts = []
        for row in rows:
            values = [plain(value) for value in row]
            if self.format == "json":
                line = ("," if self._rows else "") + json_text(values)
            elif self.format == "jsonl":
                line = json_text(dict(zip(self.columns, values, strict=True))) + "\n"
            else:
                line = self._csv_line([_cell(value) for value in values])
            if len(line) > self.max_row_bytes:
                raise Refused(
                    errors.VALUE_TOO_LARGE,
                    f"row {self._rows + 1} takes {len(line):,} characters, more than "
                    f"{self.max_row_bytes:,} (KG_CYPHER_MAX_ROW_BYTES)",
                )
            self._rows += 1
            parts.append(line)
        return "".join(parts)

    def tail(self, summary: Mapping[str, Any]) -> str:
        """The end of a complete body (JSON carries the summary; the others end with the rows)."""
        return ('],"summary":' + json_text(dict(summary)) + "}") if self.format == "json" else ""

    def failed_tail(self, error: Refused) -> str | None:
        """How a body that has started ends on an error: JSON says so; JSON Lines and CSV cannot
        without a row that is not a row, so they return None and the stream is cut instead."""
        if self.format == "json":
            return '],"error":' + json_text(error.as_dict()) + "}"
        return None

    @staticmethod
    def _csv_line(values: Sequence[Any]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(values)
        return buffer.getvalue()


def _cell(value: Any) -> Any:
    """A CSV cell: scalars as they are, null empty, lists, maps and graph values as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json_text(value)
    return value
