"""kg/identifiers.py: every form the loaders or the API accepted before they shared one module."""

from __future__ import annotations

import pytest

from kg import identifiers as ids
from kg.identifiers import IdentifierError


@pytest.mark.parametrize(
    "value, letter, expected",
    [
        ("W123", "W", "W123"),
        ("w123", "W", "W123"),
        ("https://openalex.org/W123", "W", "W123"),
        ("http://openalex.org/A5", "A", "A5"),
        ("openalex.org/I7", "I", "I7"),
        ("https://api.openalex.org/works/W123", "W", "W123"),
        ("https://openalex.org/authors/A5", "A", "A5"),
        (" https://OpenAlex.org/S9 ", "S", "S9"),
    ],
)
def test_openalex_ids(value: str, letter: str, expected: str) -> None:
    assert ids.openalex_id(value, letter) == expected


@pytest.mark.parametrize("value, letter", [("A123", "W"), ("W", "W"), ("W12x", "W"), ("", "A")])
def test_openalex_ids_refused(value: str, letter: str) -> None:
    with pytest.raises(IdentifierError, match="is not an OpenAlex"):
        ids.openalex_id(value, letter)


@pytest.mark.parametrize(
    "value, expected, level",
    [
        ("T10399", "T10399", "topic"),
        ("https://openalex.org/T10399", "T10399", "topic"),
        ("subfields/2211", "subfields/2211", "subfield"),
        ("https://openalex.org/subfields/2211", "subfields/2211", "subfield"),
        ("https://openalex.org/fields/22", "fields/22", "field"),
        ("domains/3", "domains/3", "domain"),
    ],
)
def test_topic_ids_of_every_level(value: str, expected: str, level: str) -> None:
    assert ids.topic_id(value) == expected
    assert ids.topic_level(expected) == level
    assert ids.entity_of(value) == "topic"


def test_entity_of() -> None:
    assert [ids.entity_of(v) for v in ("W1", "https://openalex.org/A2", "I3", "S4")] == [
        "work",
        "author",
        "institution",
        "source",
    ]
    assert ids.entity_of("X1") is None and ids.entity_of(7) is None
    with pytest.raises(IdentifierError):
        ids.topic_id("W1")


def test_strip_openalex_keeps_other_ids() -> None:
    assert ids.strip_openalex("https://openalex.org/subfields/1702") == "subfields/1702"
    assert ids.strip_openalex("arxiv:cs.LG") == "arxiv:cs.LG"
    assert ids.strip_openalex(" A5100000001 ") == "A5100000001"


@pytest.mark.parametrize(
    "value",
    [
        "10.1306/ABC",
        "https://doi.org/10.1306/abc",
        "http://doi.org/10.1306/ABC",
        "https://dx.doi.org/10.1306/abc",
        "http://dx.doi.org/10.1306/abc",
        "doi:10.1306/abc",
        "DOI:10.1306/ABC",
        "HTTPS://DOI.ORG/10.1306/ABC",
        "  10.1306/abc  ",
    ],
)
def test_dois(value: str) -> None:
    assert ids.doi(value) == "10.1306/abc"


def test_doi_registrants_and_suffixes() -> None:
    assert ids.doi("10.1000.10/Some(Thing);1") == "10.1000.10/some(thing);1"  # subdivided
    assert ids.doi("10.1/none") == "10.1/none"
    assert ids.doi("10.48550/arXiv.2201.01234") == "10.48550/arxiv.2201.01234"


@pytest.mark.parametrize(
    "value", ["not a doi", "10.1306", "10.1306/", "11.1306/abc", "10.abc/x", "10.1306/a b", ""]
)
def test_dois_refused(value: str) -> None:
    with pytest.raises(IdentifierError, match="is not a DOI"):
        ids.doi(value)


@pytest.mark.parametrize(
    "value",
    [
        "0000-0002-1825-0097",
        "https://orcid.org/0000-0002-1825-0097",
        "http://orcid.org/0000-0002-1825-0097",
        "orcid.org/0000-0002-1825-0097",
        "https://orcid.org/0000-0002-1825-0097/",
        " 0000-0002-1825-0097 ",
    ],
)
def test_orcids(value: str) -> None:
    assert ids.orcid(value) == "0000-0002-1825-0097"


def test_orcid_check_character_x() -> None:
    assert ids.orcid("https://orcid.org/0000-0001-5109-370x") == "0000-0001-5109-370X"


@pytest.mark.parametrize(
    "value",
    ["nope", "0000-0002-1825-009", "0000000218250097", "https://example.org/0000-0002-1825-0097"],
)
def test_orcids_refused(value: str) -> None:
    with pytest.raises(IdentifierError, match="is not an ORCID"):
        ids.orcid(value)


@pytest.mark.parametrize(
    "value",
    ["05x2bcf33", "https://ror.org/05x2bcf33", "http://ror.org/05X2BCF33", "ror.org/05x2bcf33/"],
)
def test_rors(value: str) -> None:
    assert ids.ror(value) == "05x2bcf33"


@pytest.mark.parametrize(
    "value",
    [
        "5x2bcf33",  # no leading 0
        "05x2bcf3x",  # the last two are digits
        "05x2bcfu3",  # u is not in Crockford's base32
        "0ilou0033",
        "05x2bcf333",
        "https://example.org/05x2bcf33",
    ],
)
def test_rors_refused(value: str) -> None:
    with pytest.raises(IdentifierError, match="is not a ROR id"):
        ids.ror(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2010.04116", "2010.04116"),
        ("2010.04116v2", "2010.04116"),
        ("0704.0001", "0704.0001"),
        ("arXiv:2010.04116v3", "2010.04116"),
        ("arxiv:2010.04116", "2010.04116"),
        ("https://arxiv.org/abs/2010.04116v1", "2010.04116"),
        ("http://arxiv.org/pdf/2010.04116v1.pdf", "2010.04116"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
    ],
)
def test_arxiv_ids(value: str, expected: str) -> None:
    assert ids.arxiv_id(value) == expected


@pytest.mark.parametrize("value", ["", "foo", "2010.04116 x", "2010.041", "cs.LG"])
def test_arxiv_ids_refused(value: str) -> None:
    with pytest.raises(IdentifierError, match="is not an arXiv id"):
        ids.arxiv_id(value)


def test_arxiv_ids_inside_dois_and_urls() -> None:
    assert ids.arxiv_id_from_doi("10.48550/arxiv.2201.01234") == "2201.01234"
    assert ids.arxiv_id_from_doi("10.1234/other") is None
    assert ids.arxiv_id_from_doi("10.48550/arxiv.nonsense") is None
    assert ids.arxiv_id_from_doi(None) is None
    assert ids.arxiv_id_from_url("https://arxiv.org/pdf/2201.01234v2.pdf") == "2201.01234"
    assert ids.arxiv_id_from_url("https://arxiv.org/abs/hep-th/9901001") == "hep-th/9901001"
    assert ids.arxiv_id_from_url("https://example.org/abs/2201.01234") is None
    assert ids.arxiv_id_from_url(None) is None
