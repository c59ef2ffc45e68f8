"""Response bodies: orjson's JSON, and the standard encoder for what orjson refuses."""

from __future__ import annotations

import json

from edge.encoding import encode_json


def test_a_result_encodes_as_compact_utf8_json() -> None:
    value = {"data": {"author": {"name": "Maša Prodanović", "works": [1, 2.5, None, True]}}}
    body = encode_json(value)
    expected = '{"data":{"author":{"name":"Maša Prodanović","works":[1,2.5,null,true]}}}'
    assert body == expected.encode()
    assert json.loads(body) == value


def test_what_orjson_refuses_is_still_encoded_exactly() -> None:
    # A lone surrogate echoed from a request, an integer past 64 bits, a non-string key.
    value = {"message": "no author \ud800", "big": 2**70, "keys": {1: "one"}}
    body = encode_json(value)
    assert json.loads(body) == {"message": "no author \ud800", "big": 2**70, "keys": {"1": "one"}}
