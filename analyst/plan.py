"""What the EXPLAIN plan shows, checked against allow-lists before anything runs.

A plan is a tree of operators, each with its details text (`(a)-[anon_0:AUTHORED]->(w)`,
`UNIQUE a:Author(id) WHERE id = $id`). The rules, each with its code in `analyst.errors`:

- the query type is read-only ('r'); schema and administration commands are refused;
- every operator is one Neo4j documents as reading (an allow-list: a new or unknown operator is
  refused, never guessed at);
- every label and relationship type named anywhere in the plan is public (`analyst.model`);
- nothing starts from an unlabelled scan or an id seek, and every relationship the store is read
  for names its types (untyped, it could lead into private data);
- variable-length paths have an upper bound (`max_path_length`); shortest paths are exempt;
- procedures from an allow-list only (full-text look-ups on public indexes); functions built in;
- no operator expects more rows than `max_estimated_rows` (a cartesian product of two labels).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from analyst import errors
from analyst.errors import Refused
from analyst.model import PUBLIC_TOKENS

# Operators that only read (Neo4j 5 "Operators in detail"), by family.
READ_OPERATORS = frozenset(
    {
        # leaves that start from a label, an index, a relationship type or the count store
        "NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan",
        "SubtractionNodeByLabelsScan", "NodeIndexSeek", "NodeUniqueIndexSeek",
        "MultiNodeIndexSeek", "AssertingMultiNodeIndexSeek", "NodeIndexSeekByRange",
        "NodeUniqueIndexSeekByRange", "NodeIndexContainsScan", "NodeIndexEndsWithScan",
        "NodeIndexScan", "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan",
        "DirectedUnionRelationshipTypesScan", "UndirectedUnionRelationshipTypesScan",
        "DirectedRelationshipIndexSeek", "UndirectedRelationshipIndexSeek",
        "DirectedRelationshipUniqueIndexSeek", "UndirectedRelationshipUniqueIndexSeek",
        "DirectedRelationshipIndexSeekByRange", "UndirectedRelationshipIndexSeekByRange",
        "DirectedRelationshipUniqueIndexSeekByRange",
        "UndirectedRelationshipUniqueIndexSeekByRange",
        "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan",
        "DirectedRelationshipIndexContainsScan", "UndirectedRelationshipIndexContainsScan",
        "DirectedRelationshipIndexEndsWithScan", "UndirectedRelationshipIndexEndsWithScan",
        "NodeCountFromCountStore", "RelationshipCountFromCountStore", "Argument",
        "ProcedureCall", "ShowIndexes", "ShowConstraints", "ShowFunctions", "ShowProcedures",
        # traversals
        "Expand(All)", "Expand(Into)", "OptionalExpand(All)", "OptionalExpand(Into)",
        "VarLengthExpand(All)", "VarLengthExpand(Into)", "VarLengthExpand(Pruning)",
        "VarLengthExpand(Pruning,BFS)", "BFSPruningVarLengthExpand", "ShortestPath",
        "StatefulShortestPath(All)", "StatefulShortestPath(Into)", "Repeat(Trail)",
        "Repeat(Walk)", "Trail", "NullifyMetadata", "ProjectEndpoints", "TriadicSelection",
        "TriadicBuild", "TriadicFilter",
        # row operators
        "ProduceResults", "Filter", "Projection", "CacheProperties", "Limit", "ExhaustiveLimit",
        "Skip", "Sort", "PartialSort", "Top", "Top1WithTies", "PartialTop", "Distinct",
        "OrderedDistinct", "Aggregation", "EagerAggregation", "OrderedAggregation", "Eager",
        "Unwind", "PartitionedUnwind", "EmptyResult", "DropResult", "Optional", "AssertSameNode",
        "AssertSameRelationship", "Anti", "Selection", "Input",
        # joins and subqueries
        "Apply", "SemiApply", "AntiSemiApply", "LetSemiApply", "LetAntiSemiApply",
        "SelectOrSemiApply", "SelectOrAntiSemiApply", "LetSelectOrSemiApply",
        "LetSelectOrAntiSemiApply", "ConditionalApply", "AntiConditionalApply", "RollUpApply",
        "CartesianProduct", "NodeHashJoin", "ValueHashJoin", "NodeLeftOuterHashJoin",
        "NodeRightOuterHashJoin", "Union", "OrderedUnion",
    }
)  # fmt: skip
# Families whose variants the planner names by their options: VarLengthExpand(Pruning,BFS,All).
VARIANT_FAMILIES = ("VarLengthExpand(", "BFSPruningVarLengthExpand", "StatefulShortestPath(")
# Reading, but from no label or by internal id: any node of the store, private ones included.
UNLABELLED_LEAVES = frozenset(
    {
        "AllNodesScan", "NodeByIdSeek", "NodeByElementIdSeek", "DirectedAllRelationshipsScan",
        "UndirectedAllRelationshipsScan", "DirectedRelationshipByIdSeek",
        "UndirectedRelationshipByIdSeek", "DirectedRelationshipByElementIdSeek",
        "UndirectedRelationshipByElementIdSeek",
    }
)  # fmt: skip


# Operators that read relationships from the store: the pattern in their details must be typed.
def is_traversal(name: str) -> bool:
    return any(part in name for part in ("Expand", "Path", "Relationship", "Triadic", "Repeat"))


LOAD_OPERATORS = frozenset({"LoadCSV"})
IN_TRANSACTIONS_OPERATORS = frozenset({"TransactionApply", "TransactionForeach"})
ALLOWED_PROCEDURES = frozenset(
    {
        "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties", "db.index.fulltext.listAvailableAnalyzers", "db.ping",
        "db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships",
    }
)  # fmt: skip
FULLTEXT_PROCEDURES = frozenset(
    {"db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships"}
)

# `n:Author`, `n:Author|Work`, `(:Author)`, `[r:CITES*..3]`, `n:!Work`, `n:%`, `n:$all($x)`.
_LABEL_EXPRESSION = re.compile(r"(?<!:):(?![:\s])((?:[!%&|]*(?:`[^`]+`|[A-Za-z_]\w*|%|\$))+)")
_LABEL_NAME = re.compile(r"`([^`]+)`|([A-Za-z_]\w*)|(%)|(\$)")
_BRACKET = re.compile(r"<?-\[([^\]]*)\]->?")
_BARE_RELATIONSHIP = re.compile(r"\)<?-->?\(")
_DEGREE = re.compile(r"\w*[Dd]egree\w*\(")
# Backticked names that are not labels or types: column names and aliases, which repeat the
# statement's own text (`size([(a)-->() | 1])`) and would be misread as patterns.
_ALIAS = re.compile(r"(?<![:|&!])`(?:[^`]|``)*`")
_VARIABLE_LENGTH = re.compile(r"\*\s*(\d*)\s*(?:(\.\.)\s*(\d*))?")
_QUANTIFIER = re.compile(r"\)\s*\{\s*(\d*)\s*(,?)\s*(\d*)\s*\}")
_INLINED_TYPE = re.compile(r"`?(\w+)`?:([A-Za-z_]\w*)")
_FUNCTION = re.compile(r"(?<![\w.`])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*\(")


@dataclass(frozen=True)
class PlanRules:
    builtin_functions: frozenset[str]  # lower-case names, from SHOW FUNCTIONS
    public_fulltext_indexes: frozenset[str]
    max_path_length: int
    max_estimated_rows: float


def operators(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("children", ()):
        yield from operators(child)


def operator_name(operator: Mapping[str, Any]) -> str:
    return str(operator["operatorType"]).split("@", 1)[0]


def details(operator: Mapping[str, Any]) -> str:
    arguments = operator.get("args") or operator.get("arguments") or {}
    return str(arguments.get("Details") or "")


def check_plan(
    query_type: str | None,
    plan: Mapping[str, Any],
    rules: PlanRules,
    fulltext_indexes: tuple[str | None, ...],
) -> None:
    """Refused with the first rule the plan breaks; returns when it is allowed."""
    if query_type not in ("r", None):
        kind = "is a schema or administration command" if query_type == "s" else "writes"
        code = errors.ADMINISTRATION if query_type == "s" else errors.WRITE
        raise Refused(code, f"the statement {kind}; analysts' statements only read")
    for operator in operators(plan):
        _check_operator(operator, rules, fulltext_indexes)
    # Costs last, so that a plan is refused for what it does before how much it would do.
    for operator in operators(plan):
        _check_estimate(operator, rules.max_estimated_rows)


def _check_operator(
    operator: Mapping[str, Any], rules: PlanRules, fulltext_indexes: tuple[str | None, ...]
) -> None:
    name = operator_name(operator)
    text = details(operator)
    expressions = _ALIAS.sub("_alias_", text)
    if name in LOAD_OPERATORS:
        raise Refused(errors.LOAD_CSV, "LOAD CSV is refused: analysts read the graph only")
    if name in IN_TRANSACTIONS_OPERATORS:
        raise Refused(errors.IN_TRANSACTIONS, "CALL { } IN TRANSACTIONS is refused")
    if name in UNLABELLED_LEAVES:
        raise Refused(
            errors.UNLABELLED_SCAN,
            f"the plan reads every node or relationship, or one by internal id ({name}), which "
            "includes private data: start from a label of the graph model, "
            "e.g. (a:Author {id: $id})",
        )
    if name.startswith(("Show", "Terminate")) and name not in READ_OPERATORS:
        raise Refused(
            errors.ADMINISTRATION, f"{name} is refused; GET /cypher/schema lists the schema"
        )
    if name not in READ_OPERATORS and not name.startswith(VARIANT_FAMILIES):
        raise Refused(errors.OPERATOR, f"the plan uses {name}, which analysts' statements may not")
    _check_tokens(name, expressions)
    if is_traversal(name):
        _check_typed(name, text)
    if name == "NodeCountFromCountStore" and not _LABEL_EXPRESSION.search(expressions):
        raise Refused(errors.UNLABELLED_SCAN, "count the nodes of a label, e.g. count(a:Author)")
    if name == "ProcedureCall":
        _check_procedure(text, rules, fulltext_indexes)
    for degree in _DEGREE.finditer(expressions):
        _check_typed(name, _balanced(expressions, degree.end()), degree=True)
    if name == "ProcedureCall":
        expressions = expressions.split("(", 1)[-1]
    for function in _FUNCTION.findall(expressions):
        if function.lower() not in rules.builtin_functions:
            raise Refused(errors.FUNCTION, f"function {function}() is not built in; refused")
    _check_path_length(name, text, rules.max_path_length)


def _check_estimate(operator: Mapping[str, Any], max_rows: float) -> None:
    estimated = (operator.get("args") or operator.get("arguments") or {}).get("EstimatedRows")
    if isinstance(estimated, int | float) and estimated > max_rows:
        raise Refused(
            errors.TOO_COSTLY,
            f"{operator_name(operator)} expects about {estimated:,.0f} rows, more than "
            f"{max_rows:,.0f}: a cartesian product or an unbounded expansion? Narrow the pattern",
        )


def _balanced(text: str, start: int) -> str:
    """The text from start up to the ')' that closes the '(' just before it."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            if depth == 0:
                return text[start:index]
            depth -= 1
    return text[start:]


def _check_tokens(name: str, text: str) -> None:
    for expression in _LABEL_EXPRESSION.finditer(text):
        for quoted, plain, wildcard, dollar in _LABEL_NAME.findall(expression.group(1)):
            if dollar:
                raise Refused(errors.DYNAMIC_LABEL, "dynamic labels and types are refused")
            if wildcard:
                raise Refused(errors.PRIVATE_DATA, "the label wildcard % includes private labels")
            token = quoted or plain
            if token not in PUBLIC_TOKENS:
                raise Refused(
                    errors.PRIVATE_DATA,
                    f"{token} is not a label or relationship type of the public graph model "
                    "(docs/graph-model.md); it is private or does not exist",
                )


def _check_typed(name: str, text: str, *, degree: bool = False) -> None:
    inlined = dict(_INLINED_TYPE.findall(text.partition("inlined predicates:")[2]))
    untyped = bool(_BARE_RELATIONSHIP.search(text)) or (degree and "--" in text)
    for body in _BRACKET.findall(text):
        variable = body.strip().split(":", 1)[0].split("*", 1)[0].strip("` ")
        if (":" not in body and variable not in inlined) or "!" in body or "%" in body:
            untyped = True  # no type, or a negated or wildcard one: any type at all
    if untyped:
        raise Refused(
            errors.UNTYPED_RELATIONSHIP,
            f"a relationship without a type ({name}: {text[:120]}) could lead into private data: "
            "name its types, e.g. -[:AUTHORED|CITES]-",
        )


def _check_procedure(text: str, rules: PlanRules, fulltext_indexes: tuple[str | None, ...]) -> None:
    procedure = text.split("(", 1)[0].strip()
    if procedure not in ALLOWED_PROCEDURES:
        raise Refused(
            errors.PROCEDURE,
            f"procedure {procedure} is refused; allowed: {', '.join(sorted(ALLOWED_PROCEDURES))}",
        )
    if procedure in FULLTEXT_PROCEDURES:
        named = [index for index in fulltext_indexes if index is not None]
        if not fulltext_indexes or len(named) != len(fulltext_indexes):
            raise Refused(
                errors.PROCEDURE,
                f"{procedure} takes the index name as a string literal, e.g. "
                f"{procedure}('author_names', $q)",
            )
        for index in named:
            if index not in rules.public_fulltext_indexes:
                raise Refused(
                    errors.PRIVATE_DATA,
                    f"full-text index {index!r} is not one of the public graph's: "
                    f"{', '.join(sorted(rules.public_fulltext_indexes))}",
                )


def _check_path_length(name: str, text: str, max_length: int) -> None:
    if "ShortestPath" in name:
        return  # a breadth-first search that stops at the shortest: bounded by the graph
    bounds: list[str] = []
    if "VarLengthExpand" in name or "BFSPruning" in name:
        for body in _BRACKET.findall(text):
            match = _VARIABLE_LENGTH.search(body)
            if match:
                low, dots, high = match.groups()
                bounds.append(high if dots else (low or ""))
    if name.startswith("Repeat"):
        for low, comma, high in _QUANTIFIER.findall(text):
            bounds.append(high if comma else low)
    for high in bounds:
        if not high or int(high) > max_length:
            raise Refused(
                errors.UNBOUNDED_PATH,
                f"a variable-length path needs an upper bound of at most {max_length} "
                f"(e.g. *1..{min(3, max_length)}); shortestPath() needs none",
            )
