"""Progress shows what was written of a total, with an ETA, for every phase of a load (finding 6
of issue 9: the bar read every record showing `loaded=0`, then went silent while writing)."""

from __future__ import annotations

import re
from pathlib import Path

import neo4j
import pytest

from kg.db import Connection
from loaders.openalex import load_openalex
from tests.loader_support import wiped, work_record, write_jsonl

# tqdm's line: "<desc>: 100%|####| 12/12 [00:01<00:00, 9.1 records/s]" (sizes may be scaled: 4.1k)
_BAR = r"{desc}: +\d+%\|[^|]*\| *[\d.]+[kMG]?B?/[\d.]+[kMG]?B? \[[\d:]+<[\d:?]+"


def test_every_phase_shows_a_total_and_an_eta(
    driver: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wiped(driver, neo4j_connection.database)
    works = [
        work_record(
            f"W{n}", refs=[f"W{n + 1}", "W999"], authors=[(f"A{n}", "One"), ("A0", "Shared")]
        )
        for n in range(1, 30)
    ]
    summary = load_openalex(
        driver,
        neo4j_connection.database,
        [write_jsonl(tmp_path / "works.jsonl", works)],
        batch_size=5,
        progress=True,
    )
    assert summary.loaded == len(works)
    shown = capsys.readouterr().err
    for desc in ("reading openalex", "writing", "linking references", "collaborations"):
        assert re.search(_BAR.format(desc=desc), shown), f"no bar with a total for {desc!r}"
    # The writing bar ends at every record written, of every record there was.
    assert re.search(rf"writing: 100%\|[^|]*\| {len(works)}/{len(works)} ", shown), shown
