"""Reading records in their published forms, and the ids and names they carry (no database)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg import identifiers
from loaders import identity, reading
from loaders.files import check_paths
from loaders.reading import read_records

RECORDS = [
    {"id": f"https://openalex.org/W{n}", "title": f"Title {n} ✓", "n": [n, n * 1.5]}
    for n in range(1, 40)
]


def lines_and_values(path: Path) -> list[tuple[int, object, str | None]]:
    return [(r.line, r.value, r.error) for r in read_records(path)]


@pytest.mark.parametrize("chunk", [7, 64, 1 << 16])
def test_arrays_and_wrappers_stream_across_chunk_boundaries(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    chunk: int,
) -> None:
    monkeypatch.setattr(reading, "_CHUNK", chunk)
    array = tmp_path / "array.json"
    array.write_text(json.dumps(RECORDS, indent=2, ensure_ascii=False))
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"meta": {"count": 39}, "results": RECORDS}, indent=1))
    wrapped = tmp_path / "author.json"
    wrapped.write_text(json.dumps({"details": {"id": "A1"}, "works": RECORDS}, indent=2))
    single = tmp_path / "single.json"
    single.write_text(json.dumps(RECORDS[0], indent=2))

    assert [value for _, value, _ in lines_and_values(array)] == RECORDS
    assert [value for _, value, _ in lines_and_values(page)] == RECORDS
    assert [value for _, value, _ in lines_and_values(wrapped)] == [{"id": "A1"}, *RECORDS]
    assert [value for _, value, _ in lines_and_values(single)] == [RECORDS[0]]
    # Each record is reported at the line it starts on.
    text = array.read_text().splitlines()
    for line, value, _ in lines_and_values(array):
        assert isinstance(value, dict)
        assert text[line - 1].strip() == "{" and json.dumps(value["id"]) in text[line]


def test_json_lines_plain_and_compressed_report_bad_lines_and_go_on(tmp_path: Path) -> None:
    content = (
        "\n".join(
            [
                json.dumps(RECORDS[0]),
                "",
                "{not json",
                json.dumps(RECORDS[1]),
                json.dumps({"meta": {}, "results": RECORDS[2:4]}),
            ]
        )
        + "\n"
    )
    plain = tmp_path / "works.jsonl"
    plain.write_text(content)
    packed = tmp_path / "works.jsonl.gz"
    packed.write_bytes(gzip.compress(content.encode()))
    for path in (plain, packed):
        got = lines_and_values(path)
        assert [(line, error is None) for line, _, error in got] == [
            (1, True),
            (3, False),
            (4, True),
            (5, True),
            (5, True),
        ]
        assert got[1][2] is not None and got[1][2].startswith("malformed JSON")
        assert [value for _, value, error in got if error is None] == RECORDS[:4]


def test_a_malformed_array_reports_where_and_stops(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[\n {"id": "W1"},\n {"id": "W2" "x": 1},\n {"id": "W3"}\n]\n')
    got = lines_and_values(broken)
    assert got[0][:2] == (2, {"id": "W1"})
    assert got[1][0] == 3 and "rest of the file was not read" in (got[1][2] or "")
    assert len(got) == 2


def test_a_truncated_gzip_is_reported(tmp_path: Path) -> None:
    data = gzip.compress(("\n".join(json.dumps(r) for r in RECORDS * 50)).encode())
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(data[: len(data) // 2])
    got = lines_and_values(truncated)
    assert got[-1][2] is not None and "truncated" in got[-1][2]


def test_ids_and_names_normalise() -> None:
    assert identifiers.openalex_id("https://openalex.org/W2138821921", "W") == "W2138821921"
    assert identifiers.topic_id("https://openalex.org/subfields/2211") == "subfields/2211"
    assert identifiers.entity_of("https://openalex.org/domains/3") == "topic"
    assert identifiers.entity_of("https://openalex.org/P4310316082") is None
    assert (
        identifiers.doi("https://doi.org/10.48550/arXiv.2010.04116") == "10.48550/arxiv.2010.04116"
    )
    assert identifiers.orcid("https://orcid.org/0000-0002-8214-0896") == "0000-0002-8214-0896"
    assert identifiers.ror("https://ror.org/048a87296") == "048a87296"
    assert identifiers.arxiv_id("0704.0001v2") == "0704.0001"
    assert (
        identifiers.arxiv_id_from_url("https://arxiv.org/abs/hep-th/9901001v1") == "hep-th/9901001"
    )
    assert identity.parsed_name(["Núñez", "José  M.", ""]) == "José M. Núñez"
    assert identity.name_key("  José  M.\tNÚÑEZ ") == "name:jose m. nunez"
    assert identity.name_key(identity.parsed_name(["Balázs", "C.", ""])) == "name:c. balazs"
    for bad, letter in (("https://openalex.org/A1", "W"), ("W12x", "W"), ("", "A")):
        with pytest.raises(ValueError):
            identifiers.openalex_id(bad, letter)


def test_paths_expand_directories_and_skip_rejects_files(tmp_path: Path) -> None:
    for name in ("b.jsonl", "a.json.gz", "a.jsonl.rejects.jsonl", ".generation.json", "notes.txt"):
        (tmp_path / name).write_text("{}\n")
    assert [p.name for p in check_paths([tmp_path])] == ["a.json.gz", "b.jsonl"]
    assert [
        p.name for p in check_paths([tmp_path / "b.jsonl", tmp_path / "a.jsonl.rejects.jsonl"])
    ] == ["b.jsonl"]
    with pytest.raises(FileNotFoundError, match="nowhere"):
        check_paths([tmp_path / "nowhere.jsonl"])
