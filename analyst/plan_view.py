"""EXPLAIN and PROFILE plans for people: as JSON with plain keys, and as a text table.

The text reads like Neo4j Browser's plan table: one line per operator, indented by depth, with
its details, the planner's estimated rows and, for PROFILE, the actual rows and db hits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyst.plan import details, operator_name

_DETAILS_WIDTH = 72


def plan_json(plan: Mapping[str, Any]) -> dict[str, Any]:
    arguments = plan.get("args") or plan.get("arguments") or {}
    view: dict[str, Any] = {
        "operator": operator_name(plan),
        "details": details(plan),
        "estimatedRows": _number(arguments.get("EstimatedRows")),
        "identifiers": list(plan.get("identifiers", ())),
    }
    if "dbHits" in plan or "DbHits" in arguments:
        view["rows"] = plan.get("rows", arguments.get("Rows"))
        view["dbHits"] = plan.get("dbHits", arguments.get("DbHits"))
        memory = arguments.get("Memory")
        if memory is not None:
            view["memoryBytes"] = memory
    view["children"] = [plan_json(child) for child in plan.get("children", ())]
    return view


def plan_text(plan: Mapping[str, Any]) -> str:
    view = plan_json(plan)
    profiled = "dbHits" in view
    lines: list[list[str]] = []
    _lines(view, 0, lines, profiled)
    header = ["Operator", "Details", "Estimated rows"] + (["Rows", "DB hits"] if profiled else [])
    widths = [max(len(row[column]) for row in [header, *lines]) for column in range(len(header))]
    rule = "+" + "+".join("-" * (width + 2) for width in widths) + "+"

    def row(values: list[str]) -> str:
        cells = [
            value.ljust(width) if column < 2 else value.rjust(width)
            for column, (value, width) in enumerate(zip(values, widths, strict=True))
        ]
        return "| " + " | ".join(cells) + " |"

    out = [rule, row(header), rule, *(row(line) for line in lines), rule]
    if profiled:
        out.append(f"Total database accesses: {_total(view, 'dbHits'):,}")
    return "\n".join(out) + "\n"


def _lines(view: Mapping[str, Any], depth: int, lines: list[list[str]], profiled: bool) -> None:
    text = " ".join(str(view["details"]).split())
    if len(text) > _DETAILS_WIDTH:
        text = text[: _DETAILS_WIDTH - 1] + "…"
    estimated = view["estimatedRows"]
    line = ["| " * depth + "+" + view["operator"], text, _format(estimated)]
    if profiled:
        line += [_format(view.get("rows")), _format(view.get("dbHits"))]
    lines.append(line)
    children = view["children"]
    # As Neo4j draws it: a chain stays in its column; a join's right-hand side is indented.
    for child in children[1:]:
        _lines(child, depth + 1, lines, profiled)
    if children:
        _lines(children[0], depth, lines, profiled)


def _total(view: Mapping[str, Any], key: str) -> int:
    own = view.get(key) or 0
    return int(own) + sum(_total(child, key) for child in view["children"])


def _number(value: Any) -> float | None:
    return round(float(value), 1) if isinstance(value, int | float) else None


def _format(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)
