"""What the guard reads from a statement's text: no comment or string hides a clause, and what
a string merely mentions is not refused."""

from __future__ import annotations

import pytest

from analyst import errors
from analyst.errors import Refused
from analyst.statement import read_statement


def facts(statement: str):  # type: ignore[no-untyped-def]
    return read_statement(statement, 20_000, 20)


def refusal(statement: str, parameters: dict[str, object] | None = None) -> str:
    with pytest.raises(Refused) as caught:
        facts(statement).check_ranges(parameters or {}, 1000)
    return caught.value.code


def test_clauses_inside_strings_and_comments_are_only_text() -> None:
    facts("MATCH (w:Work) WHERE w.title = 'LOAD CSV FROM x' RETURN w // IN TRANSACTIONS")
    facts('RETURN "USE system; CALL { } IN TRANSACTIONS" AS s /* EXPLAIN */')


def test_a_comment_does_not_hide_a_clause() -> None:
    assert refusal("/* harmless */ LOAD /* still */ CSV FROM 'x' AS l RETURN l") == errors.LOAD_CSV
    assert refusal("// note\nEXPLAIN MATCH (a:Author) RETURN a") == errors.NOT_ALLOWED_HERE


def test_range_bounds_from_literals_and_parameters() -> None:
    facts("UNWIND range(1, $n) AS x RETURN x").check_ranges({"n": 1000}, 1000)
    assert refusal("UNWIND range(1, $n) AS x RETURN x", {"n": 1001}) == errors.RANGE_TOO_LARGE
    assert refusal("UNWIND range(1, $n) AS x RETURN x", {"n": "9"}) == errors.PARAMETERS
    assert refusal("RETURN range(0, 10, 0)") == errors.RANGE_TOO_LARGE
    assert refusal("RETURN range(1, size($l))") == errors.RANGE_TOO_LARGE
    facts("RETURN range(10, 1, -1), range(-5, 5)").check_ranges({}, 1000)


def test_a_range_over_a_lists_indexes_is_as_large_as_the_list() -> None:
    # The graph panel's query (slice/neighbourhood) walks the indexes of what it collected.
    statement = (
        "WITH collect(1) AS items UNWIND range(0, size(items) - 1) AS i "
        "RETURN [j IN range(0, size(items)) | items[j]] AS xs, i"
    )
    assert facts(statement).ranges[0].over_list
    facts(statement).check_ranges({}, 1)  # not counted: a list's indexes multiply nothing
    facts("RETURN range($from, size(items))").check_ranges({"from": 0}, 1)
    for bound in ("size(items) * 1000", "size(items) + 1", "size(items) - $n", "size(range(1, 9))"):
        assert refusal(f"RETURN range(0, {bound})") == errors.RANGE_TOO_LARGE, bound
    assert refusal("RETURN range(size(items), 9)") == errors.RANGE_TOO_LARGE
    assert refusal("RETURN range(0, size(items), 2)") == errors.RANGE_TOO_LARGE


def test_nested_ranges_multiply() -> None:
    statement = "RETURN [x IN range(1, 40) | [y IN range(1, 40) | x * y]]"
    assert refusal(statement) == errors.RANGE_TOO_LARGE  # 1,600 > 1,000
    facts("RETURN [x IN range(1, 30) | [y IN range(1, 30) | x * y]]").check_ranges({}, 1000)


def test_reduce_may_use_its_accumulator_once_per_step() -> None:
    facts("RETURN reduce(total = 0, x IN [1, 2, 3] | total + x)")
    facts("RETURN reduce(m = 0, x IN [1, 5] | CASE WHEN x > m THEN x ELSE m END)")
    assert refusal("RETURN reduce(s = 'ab', i IN [1, 2] | s + s)") == errors.GROWING_REDUCE
    assert refusal("RETURN reduce(l = [1], i IN [1, 2] | l + l)") == errors.GROWING_REDUCE


def test_the_index_name_of_a_fulltext_lookup_is_read_from_the_text() -> None:
    found = facts("CALL db.index.fulltext.queryNodes('author_names', $q) YIELD node RETURN node")
    assert found.fulltext_indexes == ("author_names",)
    found = facts("CALL `db`.index.fulltext.queryNodes($index, $q) YIELD node RETURN node")
    assert found.fulltext_indexes == (None,)


def test_parameters_used_are_named() -> None:
    assert facts("MATCH (a:Author {id: $id}) WHERE a.x > $`min` RETURN a").parameters == {
        "id",
        "min",
    }


def test_a_semicolon_at_the_end_is_allowed_but_not_between_statements() -> None:
    facts("MATCH (a:Author) RETURN a;")
    assert refusal("RETURN 1; RETURN 2") == errors.NOT_ALLOWED_HERE
