"""What the text of a statement shows, read by a small lexer so comments and strings cannot hide it.

Most of the guard reads the plan (`analyst.plan`); the text is read for what a plan does not show
or shows too late: a prefix that would change how the statement runs (EXPLAIN, PROFILE, CYPHER
options, USE), `range()` calls (Neo4j neither counts an expression's memory against the
transaction's cap nor interrupts an expression at its timeout, so a list built from a huge range
can stall the database: the bounds must be literals or parameters, and small, or the range must
be the indexes of a list the statement already holds, `range(0, size(list) - 1)`, which is no
larger than that list and no more than iterating it directly gives), `reduce()` that
feeds its accumulator to itself (2^n growth from a short list), and the index name of full-text
look-ups (the plan shows it only as an auto-parameter).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from analyst import errors
from analyst.errors import Refused

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<line_comment>//[^\n]*)
  | (?P<block_comment>/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<quoted>`(?:[^`]|``)*`)
  | (?P<param>\$(?:[A-Za-z_][A-Za-z_0-9]*|`(?:[^`]|``)*`|[0-9]+)?)
  | (?P<number>0x[0-9A-Fa-f]+|[0-9][0-9_]*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_OPEN, _CLOSE = "([{", ")]}"
FULLTEXT_PROCEDURES = ("db.index.fulltext.querynodes", "db.index.fulltext.queryrelationships")


@dataclass(frozen=True)
class Token:
    kind: str  # string, quoted, param, number, name, other
    text: str  # the value: a string's content, a quoted name unquoted, a parameter's name

    def is_word(self, word: str) -> bool:
        return self.kind == "name" and self.text.upper() == word


@dataclass(frozen=True)
class RangeCall:
    arguments: tuple[Token, ...]
    # range(<literal or $param>, size(<variable>) [- <literal>]): the indexes of a list that is
    # already built (and counted against the transaction's memory); it multiplies nothing.
    over_list: bool = False


@dataclass(frozen=True)
class StatementFacts:
    parameters: frozenset[str]
    ranges: tuple[RangeCall, ...] = ()
    fulltext_indexes: tuple[str | None, ...] = field(default=())

    def check_ranges(self, parameters: Mapping[str, object], max_elements: int) -> None:
        """Every range() has literal or parameter bounds, and all of them together stay small."""
        total = 1
        for call in self.ranges:
            if call.over_list:
                continue
            values = [_integer(token, parameters) for token in call.arguments]
            start, end = values[0], values[1]
            step = values[2] if len(values) > 2 else 1
            if step == 0:
                raise Refused(errors.RANGE_TOO_LARGE, "range() with a step of 0 never ends")
            total *= max(0, math.floor((end - start) / step) + 1)
        if total > max_elements:
            raise Refused(
                errors.RANGE_TOO_LARGE,
                f"range() would make {total:,} elements (nested ranges multiply); at most "
                f"{max_elements:,} (KG_CYPHER_MAX_RANGE_ELEMENTS)",
            )


def tokens(statement: str) -> list[Token]:
    found = []
    for match in _TOKEN.finditer(statement):
        kind = match.lastgroup or "other"
        text = match.group()
        if kind in ("space", "line_comment", "block_comment"):
            continue
        if kind == "string":
            text = text[1:-1]
        elif kind == "quoted":
            text = text[1:-1].replace("``", "`")
        elif kind == "param":
            text = text[1:].strip("`")
        found.append(Token(kind, text))
    return found


@lru_cache(maxsize=2048)
def read_statement(statement: str, max_chars: int, max_depth: int) -> StatementFacts:
    """The facts of one statement's text, or Refused for what its text alone rules out."""
    if len(statement) > max_chars:
        raise Refused(
            errors.STATEMENT_TOO_LONG,
            f"the statement has {len(statement):,} characters; at most {max_chars:,}",
        )
    items = tokens(statement)
    if not items:
        raise Refused(errors.SYNTAX, "the statement is empty")
    _check_depth(items, max_depth)
    first = items[0]
    for word in ("EXPLAIN", "PROFILE", "CYPHER"):
        if first.is_word(word):
            raise Refused(
                errors.NOT_ALLOWED_HERE,
                f"do not start the statement with {word}: ask for a plan with mode "
                "'explain' or 'profile' (kg cypher --explain/--profile); query options are not "
                "taken",
            )
    ranges: list[RangeCall] = []
    fulltext: list[str | None] = []
    for index, token in enumerate(items):
        before = items[index - 1] if index else None
        after = items[index + 1] if index + 1 < len(items) else None
        if token.kind == "other" and token.text == ";" and after is not None:
            raise Refused(errors.NOT_ALLOWED_HERE, "one statement at a time (a ';' separates two)")
        if token.is_word("USE") and (
            before is None or before.text == "{" or before.is_word("UNION") or before.is_word("ALL")
        ):
            raise Refused(errors.NOT_ALLOWED_HERE, "USE is not taken: the graph is the only one")
        if token.is_word("LOAD") and after is not None and after.is_word("CSV"):
            raise Refused(errors.LOAD_CSV, "LOAD CSV is refused: analysts read the graph only")
        if (
            token.is_word("TRANSACTIONS")
            and before is not None
            and before.text.upper()
            in (
                "IN",
                "CONCURRENT",
            )
        ):
            raise Refused(errors.IN_TRANSACTIONS, "CALL { } IN TRANSACTIONS is refused")
        if token.kind == "param" and after is not None and after.text == "(":
            raise Refused(
                errors.DYNAMIC_LABEL,
                "dynamic labels and types ($(...), $any(...), $all(...)) are refused: "
                "name the labels and relationship types",
            )
        dotted = before is not None and before.text == "."
        if token.kind == "name" and not dotted and after is not None and after.text == "(":
            if token.text.lower() == "range":
                ranges.append(_range_call(items, index + 2))
            elif token.text.lower() == "reduce":
                _check_reduce(items, index + 2)
        called = after is not None and after.text == "(" and token.kind in ("name", "quoted")
        if called and _qualified_name(items, index).lower() in FULLTEXT_PROCEDURES:
            argument = items[index + 2] if index + 2 < len(items) else None
            fulltext.append(argument.text if argument and argument.kind == "string" else None)
    names = frozenset(token.text for token in items if token.kind == "param")
    return StatementFacts(names, tuple(ranges), tuple(fulltext))


def _check_depth(items: list[Token], max_depth: int) -> None:
    depth = 0
    for token in items:
        if token.kind != "other":
            continue
        if token.text in _OPEN:
            depth += 1
            if depth > max_depth:
                raise Refused(
                    errors.NESTED_TOO_DEEPLY,
                    f"brackets nested more than {max_depth} deep; unnest the expression",
                )
        elif token.text in _CLOSE:
            depth -= 1


def _arguments(items: list[Token], start: int) -> list[list[Token]]:
    """The comma-separated arguments of a call whose '(' is just before items[start]."""
    arguments: list[list[Token]] = [[]]
    depth = 0
    for token in items[start:]:
        if token.kind == "other" and token.text in _OPEN:
            depth += 1
        elif token.kind == "other" and token.text in _CLOSE:
            if depth == 0:
                break
            depth -= 1
        elif token.kind == "other" and token.text == "," and depth == 0:
            arguments.append([])
            continue
        arguments[-1].append(token)
    return arguments


def _range_call(items: list[Token], start: int) -> RangeCall:
    arguments = _arguments(items, start)
    if len(arguments) == 2 and _is_list_size(arguments[1]):
        return RangeCall(_range_arguments(arguments[:1]), over_list=True)
    if len(arguments) not in (2, 3):
        raise Refused(errors.SYNTAX, "range() takes 2 or 3 arguments")
    return RangeCall(_range_arguments(arguments))


def _is_list_size(argument: list[Token]) -> bool:
    """`size(name)` or `size(name) - 1` (any non-negative integer literal)."""
    head = [token.text if token.kind == "other" else token.kind for token in argument[:4]]
    if head != ["name", "(", "name", ")"] or argument[0].text.lower() != "size":
        return False
    tail = argument[4:]
    return not tail or (
        len(tail) == 2 and tail[0].kind == "other" and tail[0].text == "-"
        and tail[1].kind == "number"
    )  # fmt: skip


def _range_arguments(arguments: list[list[Token]]) -> tuple[Token, ...]:
    simple = []
    for argument in arguments:
        sign = len(argument) == 2 and argument[0].text in "-+" and argument[1].kind == "number"
        if sign:
            simple.append(Token("number", argument[0].text + argument[1].text))
        elif len(argument) == 1 and argument[0].kind in ("number", "param"):
            simple.append(argument[0])
        else:
            raise Refused(
                errors.RANGE_TOO_LARGE,
                "range() takes integer literals or $parameters as bounds, so that its size is "
                "known before it runs, or is the indexes of a list: range(0, size(list) - 1)",
            )
    return tuple(simple)


def _integer(token: Token, parameters: Mapping[str, object]) -> int:
    if token.kind == "param":
        value = parameters.get(token.text)
        if not isinstance(value, int) or isinstance(value, bool):
            raise Refused(
                errors.PARAMETERS, f"parameter ${token.text} of range() is not an integer"
            )
        return value
    try:
        return int(token.text.replace("_", ""), 0)
    except ValueError:
        raise Refused(
            errors.RANGE_TOO_LARGE, f"range() bound {token.text} is not an integer"
        ) from None


def _check_reduce(items: list[Token], start: int) -> None:
    arguments = _arguments(items, start)
    accumulator = arguments[0][0].text if arguments and arguments[0] else None
    body: list[Token] = []
    for argument in arguments[1:]:
        texts = [token.text for token in argument]
        if "|" in texts:
            body = argument[texts.index("|") + 1 :]
    mentions = sum(
        1 for token in body if token.kind in ("name", "quoted") and token.text == accumulator
    )
    if mentions >= 2 and any(token.text in "+*" for token in body if token.kind == "other"):
        raise Refused(
            errors.GROWING_REDUCE,
            f"reduce() combines its accumulator {accumulator} with itself, which doubles it at "
            "every step; use it once per step",
        )


def _qualified_name(items: list[Token], end: int) -> str:
    parts = [items[end].text]
    index = end
    while (
        index >= 2 and items[index - 1].text == "." and items[index - 2].kind in ("name", "quoted")
    ):
        parts.insert(0, items[index - 2].text)
        index -= 2
    return ".".join(parts)
