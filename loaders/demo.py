"""The demo graph: generated once into a directory, loaded once into the graph.

A load counts as done only when the marker `(:LoadMarker {name: "demo"})` says so; it is written
after a successful load, so a load that was killed part-way is simply run again (loading is
idempotent).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j

import cypher
from kg.reference_researcher import REFERENCE_AUTHOR_ID, REFERENCE_WORK_IDS
from loaders.openalex import load_openalex
from synthetic.generate import FILE_NAMES, generate

MARKER_NAME = "demo"
STAMP_NAME = ".generation.json"  # what the files in the directory were generated from


def load_demo(
    driver: neo4j.Driver, database: str, *, out_dir: Path, authors: int, seed: int
) -> bool:
    """Generate the demo data into out_dir if needed, and load it unless the graph holds it.

    Returns True when it loaded.
    """
    out_dir = Path(out_dir)
    if not generated(out_dir, authors=authors, seed=seed):
        print(
            f"Generating demo data: {authors:,} authors, seed {seed}, into {out_dir} ...",
            flush=True,
        )
        generate(out_dir, authors=authors, seed=seed, progress=True)
        (out_dir / STAMP_NAME).write_text(json.dumps({"authors": authors, "seed": seed}) + "\n")
    if loaded(driver, database, authors=authors, seed=seed):
        print(f"The graph already holds the demo ({authors:,} authors, seed {seed}).", flush=True)
        return False
    print(f"Loading the demo data from {out_dir} ...", flush=True)
    summary = load_openalex(
        driver,
        database,
        [out_dir / name for name in FILE_NAMES],
        rejects_path=out_dir / "demo.rejects.jsonl",
        progress=True,
    )
    print(summary.describe(), flush=True)
    if summary.rejected:
        raise ValueError(
            f"the demo data had {summary.rejected} rejected records; see {summary.rejects_path}"
        )
    driver.execute_query(
        cypher.query("load/demo_marker_set"),
        name=MARKER_NAME,
        authors=authors,
        seed=seed,
        database_=database,
    )
    return True


def generated(out_dir: Path, *, authors: int, seed: int) -> bool:
    """Whether out_dir holds all the files generated for these authors and seed."""
    if not all((out_dir / name).is_file() for name in FILE_NAMES):
        return False
    try:
        stamp: Any = json.loads((out_dir / STAMP_NAME).read_text())
    except (OSError, ValueError):
        return False
    return isinstance(stamp, dict) and stamp == {"authors": authors, "seed": seed}


def loaded(driver: neo4j.Driver, database: str, *, authors: int, seed: int) -> bool:
    """Whether a complete load of this demo is recorded and its reference researcher is there."""
    records, _, _ = driver.execute_query(
        cypher.query("load/demo_marker"),
        name=MARKER_NAME,
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    if not records or records[0]["authors"] != authors or records[0]["seed"] != seed:
        return False
    records, _, _ = driver.execute_query(
        cypher.query("load/demo_reference_present"),
        author=REFERENCE_AUTHOR_ID,
        works=list(REFERENCE_WORK_IDS),
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return bool(records and records[0]["present"])
