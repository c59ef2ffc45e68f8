"""The synthetic OpenAlex generator: deterministic, well-formed, realistic, reference exact."""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from cli.generate import main_generate
from kg.graph_rules import ARXIV_SOURCE_ID, CLOSE_COLLABORATOR_STRENGTH
from kg.reference_researcher import (
    REFERENCE_AUTHOR_ID,
    REFERENCE_AUTHOR_NAME,
    REFERENCE_CLOSE_COLLABORATOR_IDS,
    REFERENCE_COAUTHOR_IDS,
    REFERENCE_COAUTHORS,
    REFERENCE_TOPIC_IDS,
    REFERENCE_WORK_IDS,
)
from synthetic.generate import FILE_NAMES, GenerationSummary, generate
from synthetic.parameters import MAX_TEAM

OPENALEX = "https://openalex.org/"
KUBA = OPENALEX + REFERENCE_AUTHOR_ID


def short(openalex_id: str) -> str:
    return openalex_id.removeprefix(OPENALEX)


def read(directory: Path) -> dict[str, list[dict]]:
    return {
        name.removesuffix(".jsonl"): [
            json.loads(line) for line in (directory / name).read_text(encoding="utf-8").splitlines()
        ]
        for name in FILE_NAMES
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[GenerationSummary, dict]:
    out = tmp_path_factory.mktemp("generated")
    summary = generate(out, authors=2000, seed=11)
    return summary, read(out)


@pytest.fixture(scope="module")
def records(generated: tuple[GenerationSummary, dict]) -> dict[str, list[dict]]:
    return generated[1]


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", authors=300, seed=5)
    second = generate(tmp_path / "b", authors=300, seed=5)
    other = generate(tmp_path / "c", authors=300, seed=6)
    for a, b in zip(first.files, second.files, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert first.files[0].read_bytes() != other.files[0].read_bytes()
    assert first.files[1].read_bytes() != other.files[1].read_bytes()


def test_summary_counts_what_was_written(generated: tuple[GenerationSummary, dict]) -> None:
    summary, data = generated
    assert [path.name for path in summary.files] == list(FILE_NAMES)
    assert summary.authors == len(data["authors"]) == 2000
    assert summary.works == len(data["works"])
    assert 2.0 * summary.authors <= summary.works <= 2.5 * summary.authors
    assert summary.authorships == sum(len(work["authorships"]) for work in data["works"])
    assert summary.citations == sum(len(work["referenced_works"]) for work in data["works"])
    assert summary.institutions == len(data["institutions"]) == 40
    assert summary.topics == len(data["topics"])
    assert summary.sources == len(data["sources"])


def test_ids_are_full_openalex_urls_and_unique(records: dict[str, list[dict]]) -> None:
    for kind, letter in [
        ("works", "W"),
        ("authors", "A"),
        ("institutions", "I"),
        ("topics", "T"),
        ("sources", "S"),
    ]:
        ids = [record["id"] for record in records[kind]]
        assert len(set(ids)) == len(ids), kind
        assert all(short(i)[0] == letter and short(i)[1:].isdigit() for i in ids), kind
    dois = [work["doi"] for work in records["works"] if work["doi"]]
    assert len(set(dois)) == len(dois)
    assert all(doi.startswith("https://doi.org/10.") for doi in dois)
    assert all(inst["ror"].startswith("https://ror.org/0") for inst in records["institutions"])
    orcids = [a["orcid"] for a in records["authors"] if a["orcid"]]
    assert 0.5 < len(orcids) / len(records["authors"]) < 0.7
    assert all(o.startswith("https://orcid.org/0000-000") for o in orcids)


def test_works_have_the_openalex_shape(records: dict[str, list[dict]]) -> None:
    topics = {topic["id"]: topic for topic in records["topics"]}
    sources = {source["id"] for source in records["sources"]}
    institutions = {inst["id"] for inst in records["institutions"]}
    for work in records["works"]:
        assert work["title"] and work["display_name"] == work["title"]
        assert 1980 <= work["publication_year"] <= 2025
        assert work["publication_date"].startswith(str(work["publication_year"]))
        assert work["type"] in {"article", "preprint", "review", "book-chapter"}
        assert work["ids"]["openalex"] == work["id"]
        assert work["ids"].get("doi") == work["doi"]
        assert work["authorships"]
        positions = [a["author_position"] for a in work["authorships"]]
        assert positions[0] == "first"
        if len(positions) > 1:
            assert positions[-1] == "last" and set(positions[1:-1]) <= {"middle"}
        for authorship in work["authorships"]:
            assert {inst["id"] for inst in authorship["institutions"]} <= institutions
        assert 1 <= len(work["topics"]) <= 3 and work["primary_topic"] == work["topics"][0]
        for topic in work["topics"]:
            assert 0 < topic["score"] <= 1
            expected = topics[topic["id"]]
            assert [topic[k] for k in ("subfield", "field", "domain")] == [
                expected[k] for k in ("subfield", "field", "domain")
            ]
        source = work["primary_location"]["source"]
        assert source is None or source["id"] in sources
        if source and source["type"] == "journal":
            assert len(source["issn_l"]) == 9
        index = work["abstract_inverted_index"]
        if index is not None:
            positions = sorted(p for places in index.values() for p in places)
            assert positions == list(range(len(positions)))
    with_abstract = sum(w["abstract_inverted_index"] is not None for w in records["works"])
    assert 0.4 < with_abstract / len(records["works"]) < 0.6


def test_topics_form_a_hierarchy(records: dict[str, list[dict]]) -> None:
    topics = records["topics"]
    assert 250 <= len(topics) <= 400
    domains = {topic["domain"]["id"] for topic in topics}
    fields = {topic["field"]["id"] for topic in topics}
    subfields = {topic["subfield"]["id"] for topic in topics}
    assert len(domains) == 4 and 18 <= len(fields) <= 26 and 70 <= len(subfields) <= 90
    assert all(d.startswith(OPENALEX + "domains/") for d in domains)
    assert OPENALEX + "subfields/1702" in subfields and OPENALEX + "fields/17" in fields


def test_authorships_and_author_counts_agree(records: dict[str, list[dict]]) -> None:
    authors = {author["id"]: author for author in records["authors"]}
    works: Counter[str] = Counter()
    citations: Counter[str] = Counter()
    for work in records["works"]:
        for authorship in work["authorships"]:
            author = authorship["author"]["id"]
            assert authorship["author"]["display_name"] == authors[author]["display_name"]
            works[author] += 1
            citations[author] += work["cited_by_count"]
    for author_id, author in authors.items():
        assert author["works_count"] == works[author_id] >= 1
        assert author["cited_by_count"] == citations[author_id]


def test_references_stay_in_the_set_and_point_back_in_time(records: dict[str, list[dict]]) -> None:
    dates = {work["id"]: work["publication_date"] for work in records["works"]}
    cited: Counter[str] = Counter()
    for work in records["works"]:
        for reference in work["referenced_works"]:
            assert dates[reference] <= work["publication_date"]
            cited[reference] += 1
        assert len(set(work["referenced_works"])) == len(work["referenced_works"])
    for work in records["works"]:
        assert work["cited_by_count"] == cited[work["id"]]


def test_team_sizes_productivity_and_citations_are_skewed(records: dict[str, list[dict]]) -> None:
    teams = [len(work["authorships"]) for work in records["works"]]
    assert max(teams) <= MAX_TEAM
    assert 3 <= statistics.mean(teams) <= 5
    assert min(teams) == 1 and max(teams) >= 12
    works = sorted(author["works_count"] for author in records["authors"])
    assert sum(count <= 2 for count in works) / len(works) > 0.3
    assert works[-1] >= 50
    cited = sorted(work["cited_by_count"] for work in records["works"])
    assert cited[-1] >= 20 * max(1, cited[len(cited) // 2])
    years = Counter(work["publication_year"] for work in records["works"])
    assert sum(years[y] for y in range(2015, 2025)) > 3 * sum(years[y] for y in range(1985, 1995))


def test_affiliations_come_from_authorships(records: dict[str, list[dict]]) -> None:
    held: dict[str, set[tuple[str, int]]] = defaultdict(set)
    without = 0
    for work in records["works"]:
        for authorship in work["authorships"]:
            without += not authorship["institutions"]
            for inst in authorship["institutions"]:
                held[authorship["author"]["id"]].add((inst["id"], work["publication_year"]))
    assert 0 < without < 0.2 * sum(len(work["authorships"]) for work in records["works"])
    moved = 0
    for author in records["authors"]:
        listed = {
            (a["institution"]["id"], year) for a in author["affiliations"] for year in a["years"]
        }
        assert listed == held[author["id"]]
        moved += len(author["affiliations"]) > 1
        if author["affiliations"]:
            latest = max(year for _, year in listed)
            assert {i["id"] for i in author["last_known_institutions"]} == {
                inst for inst, year in listed if year == latest
            }
    assert moved > 0.05 * len(records["authors"])


def reference_facts(records: dict[str, list[dict]]) -> tuple[dict[str, dict], dict[str, float]]:
    """Kuba's works by id and Newman strength to each collaborator, computed from the files."""
    strength: dict[str, float] = defaultdict(float)
    works = {}
    for work in records["works"]:
        team = [a["author"]["id"] for a in work["authorships"]]
        if KUBA in team:
            works[work["id"]] = work
            for other in team:
                if other != KUBA:
                    strength[short(other)] += 1 / (len(team) - 1)
    return works, dict(strength)


@pytest.mark.parametrize("authors", [10, 2000])
def test_the_reference_researcher_is_exact(
    authors: int, records: dict[str, list[dict]], tmp_path: Path
) -> None:
    data = (
        records if authors == 2000 else read(generate(tmp_path, authors=10, seed=3).files[0].parent)
    )
    works, strength = reference_facts(data)
    assert sorted(works) == sorted(OPENALEX + w for w in REFERENCE_WORK_IDS)
    expected_teams = {
        "Interlocking Backpropagation: Improving depthwise model-parallelism": [
            "Aidan N. Gomez",
            "Oscar Key",
            REFERENCE_AUTHOR_NAME,
            "Stephen Gou",
            "Nick Frosst",
            "Jeff Dean",
            "Yarin Gal",
        ],
        "Scalable Training of Language Models using JAX pjit and TPUv4": [
            "Joanna Yoo",
            REFERENCE_AUTHOR_NAME,
            "Siddhartha Rao Kamalakara",
            "João G. M. Araújo",
            "Aidan N. Gomez",
        ],
    }
    assert {
        w["title"]: [a["author"]["display_name"] for a in w["authorships"]] for w in works.values()
    } == expected_teams
    for work in works.values():
        assert work["type"] == "preprint" and work["publication_year"] == 2022
        assert work["primary_location"]["source"]["id"] == OPENALEX + ARXIV_SOURCE_ID
        assert work["primary_location"]["source"]["display_name"] == "arXiv"
        assert work["primary_location"]["source"]["type"] == "repository"
        assert work["primary_location"]["source"]["issn_l"] is None
        assert work["abstract_inverted_index"]
        assert sorted(short(t["id"]) for t in work["topics"]) == sorted(REFERENCE_TOPIC_IDS)
        for authorship in work["authorships"]:
            if authorship["author"]["id"] == KUBA:
                assert authorship["institutions"] == []
                assert authorship["author"]["orcid"] is None

    assert sorted(strength) == sorted(REFERENCE_COAUTHOR_IDS)
    assert strength["A5100000002"] == pytest.approx(1 / 6 + 1 / 4)
    close = {a for a, s in strength.items() if s >= CLOSE_COLLABORATOR_STRENGTH - 1e-9}
    assert close == set(REFERENCE_CLOSE_COLLABORATOR_IDS)

    authors_by_id = {a["id"]: a for a in data["authors"]}
    kuba = authors_by_id[KUBA]
    assert kuba["display_name"] == REFERENCE_AUTHOR_NAME and kuba["orcid"] is None
    assert kuba["works_count"] == 2
    assert kuba["affiliations"] == [] and kuba["last_known_institutions"] == []
    assert sorted(short(t["id"]) for t in kuba["topics"]) == sorted(REFERENCE_TOPIC_IDS)
    assert {t["count"] for t in kuba["topics"]} == {2}
    for short_id, name in REFERENCE_COAUTHORS.items():
        assert authors_by_id[OPENALEX + short_id]["display_name"] == name


def test_the_smallest_world_is_complete(tmp_path: Path) -> None:
    summary = generate(tmp_path, authors=10, seed=1)
    data = read(tmp_path)
    assert summary.authors == len(data["authors"]) == 10
    assert summary.works == len(data["works"]) >= 20
    assert summary.institutions == 10
    assert all(author["works_count"] >= 1 for author in data["authors"])


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"authors": 9, "seed": 1}, "authors"),
        ({"authors": -5, "seed": 1}, "authors"),
        ({"authors": "100", "seed": 1}, "authors"),
        ({"authors": True, "seed": 1}, "authors"),
        ({"authors": 100, "seed": "x"}, "seed"),
        ({"authors": 100, "seed": 1.5}, "seed"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs: dict, named: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=named):
        generate(tmp_path, **kwargs)
    with pytest.raises(ValueError, match=named):
        main_generate(out=tmp_path, **kwargs)
    assert not list(tmp_path.iterdir())


def test_main_generate_rejects_a_file_as_out(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("")
    with pytest.raises(ValueError, match="out"):
        main_generate(authors=10, seed=1, out=target)


def test_main_generate_reports_and_says_what_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main_generate(authors=10, seed=1, out=tmp_path / "out") == 0
    printed = capsys.readouterr().out
    assert "10 authors" in printed
    for name in FILE_NAMES:
        assert str(tmp_path / "out" / name) in printed
    assert f"kg load openalex {tmp_path / 'out'}/*.jsonl" in printed
    assert not list((tmp_path / "out").glob("*.partial"))
