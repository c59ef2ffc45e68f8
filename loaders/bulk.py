"""OpenAlex records to the CSV input of Neo4j's bulk importer (`neo4j-admin database import full`),
making the graph `kg load openalex` makes of the same files in an empty database.

One streaming pass over the records. They are mapped by loaders/openalex.py (OpenAlexDialect:
the same validation, row builders and caches), in `workers` processes when asked (parsing and
`prepare` only; the results come back in the files' order), and batched exactly as
loaders/pipeline.py batches them; each batch is then applied, in the same order, to a staged
graph that follows the Cypher of cypher/load/ step by step (upserts by `updated`, `+=` merges,
cleared links of a replaced work, unresolved authors dropped with their last work, affiliation
years unioned). So ties between equal dates and the order of files resolve as they do in
`kg load`.

Memory: the nodes other than works, and a work id -> updated map, are held (deduped by key); the
works' rows (pickled) and every co-author pair go to an SQLite file in the work directory.
COLLABORATES_WITH is a GROUP BY over the pairs, which SQLite sorts in runs spilled to disk and
merges (its sorter keeps at most `cache_size`, 64 MiB here, in memory), as
cypher/load/collaborations_create.cypher computes it: works, first/last year, Newman strength
rounded half-up. Besides that, in flight: one batch per entity; with workers, up to
CHUNK_RECORDS x CHUNKS_PER_WORKER x workers lines (250 x 2 x N) and their rows; while the CSV is
written, up to PAIRS_PER_INSERT pairs before they go to SQLite.

The CSV lines of the relationships are made in one loop over the staged works, with a cell
function per column type (_CELLS, each _cell for the values of its type): the same bytes as
_CsvFile.add, without its per-cell type tests.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from pathlib import Path
from typing import Any, TextIO

from kg.graph_rules import MAX_TEAM_FOR_COLLABORATION, STRENGTH_DECIMALS
from loaders.files import check_paths
from loaders.openalex import OpenAlexDialect
from loaders.pipeline import (
    DEFAULT_BATCH_SIZE,
    LoadSummary,
    Row,
    open_rejects,
    prepared_records,
)
from loaders.progress import bar as progress_bar
from loaders.reading import ReadPosition

# The snapshot's entity folders, in the order their records are read (works last).
SNAPSHOT_ENTITIES: tuple[str, ...] = ("topics", "subfields", "fields", "domains", "sources")
SNAPSHOT_ENTITIES += ("institutions", "authors", "works")
ARRAY_DELIMITER = ";"
SQLITE_CACHE_KIB = 65536


def snapshot_files(paths: Sequence[Path | str]) -> list[Path]:
    """The input files: a snapshot directory (data/<entity>/updated_date=.../part_*.gz) in entity
    order (topics first, works last), dates and parts ascending; else what `kg load` accepts."""
    expanded: list[Path | str] = []
    for item in paths:
        path = Path(item)
        data = path / "data" if (path / "data").is_dir() else path
        entity_dirs = [data / name for name in SNAPSHOT_ENTITIES if (data / name).is_dir()]
        if path.is_dir() and entity_dirs:
            for entity_dir in entity_dirs:
                expanded.extend(
                    sorted(
                        part
                        for part in entity_dir.rglob("*")
                        if part.is_file()
                        and part.name.endswith((".gz", ".jsonl", ".json"))
                        and not part.name.startswith(".")
                        and part.name != "manifest"
                    )
                )
        else:
            expanded.append(path)
    return check_paths(expanded)


@dataclass
class Node:
    props: dict[str, Any]
    updated: str | None = None


@dataclass
class StagedGraph:
    """The graph as kg load would leave it, built batch by batch (see the module docstring)."""

    db: sqlite3.Connection
    topics: dict[str, Node] = field(default_factory=dict)
    sources: dict[str, Node] = field(default_factory=dict)
    institutions: dict[str, Node] = field(default_factory=dict)
    authors: dict[str, Node] = field(default_factory=dict)
    authored: dict[str, int] = field(default_factory=dict)  # author -> AUTHORED count
    works: dict[str, str | None] = field(default_factory=dict)  # work -> updated
    subtopic: dict[str, set[str]] = field(default_factory=dict)  # child -> parents
    affiliations: dict[str, dict[str, set[int]]] = field(default_factory=dict)  # sorted at export
    work_columns: dict[str, str] = field(default_factory=lambda: {"pending_refs": "string[]"})
    typed: set[tuple[str, type]] = field(default_factory=set)  # (key, type) in work_columns

    # -- the steps of OpenAlexDialect.write, on the staged graph ----------------------------------

    def write(self, dialect: OpenAlexDialect, entity: str, rows: list[Row]) -> None:
        topics = dialect.topics.unseen(node for row in rows for node in row.get("topic_nodes", ()))
        sources = dialect.sources.newer(row["source_ref"] for row in rows if row.get("source_ref"))
        institutions = dialect.institutions.newer(
            inst for row in rows for inst in row.get("institution_refs", ())
        )
        fresh_topics = {node["id"] for node in topics}
        edges = [
            edge
            for row in rows
            for edge in row.get("topic_edges", ())
            if edge["child"] in fresh_topics
        ]
        self._topics_seen(topics, edges)
        _seen(self.sources, sources)
        _seen(self.institutions, institutions)
        if entity == "work":
            self._works(rows)
        elif entity == "author":
            for row in rows:
                _upsert(self.authors, row)
            self._affiliations(row["affiliations"] for row in rows)
        elif entity == "topic":
            for row in rows:
                if _upsert(self.topics, row):
                    self.subtopic.pop(row["id"], None)
            self._topics_seen([], [edge for row in rows for edge in row["topic_edges"]])
        else:
            target = self.institutions if entity == "institution" else self.sources
            for row in rows:
                _upsert(target, row)
        dialect.topics.add(fresh_topics)
        dialect.sources.add(sources)
        dialect.institutions.add(institutions)

    def _topics_seen(self, nodes: list[Row], edges: list[Row]) -> None:
        for node in nodes:
            if node["id"] not in self.topics:
                self.topics[node["id"]] = Node(_present(name=node["name"], level=node["level"]))
        for edge in edges:
            if edge["child"] in self.topics and edge["parent"] in self.topics:
                self.subtopic.setdefault(edge["child"], set()).add(edge["parent"])

    def _works(self, rows: list[Row]) -> None:
        fresh: list[Row] = []
        stored_rows: list[tuple[str, bytes, bytes]] = []
        for row in rows:
            known = row["id"] in self.works
            old = self.works.get(row["id"])
            if (
                known
                and old is not None
                and not (row["updated"] is not None and old < row["updated"])
            ):
                continue
            props = dict(row["props"])
            if known:
                stored = self._stored_work(row["id"])
                self._clear_links(stored)
                props = {**stored["props"], **props}
                for key in ("abstract", "arxiv_id"):
                    if row[key] is None and key in stored["props"]:
                        props[key] = stored["props"][key]
            for key in ("abstract", "arxiv_id"):
                if row[key] is not None:
                    props[key] = row[key]
            props.pop("updated", None)
            if row["updated"] is not None:
                props["updated"] = row["updated"]
            self.works[row["id"]] = row["updated"]
            self._columns(props)
            self._link(row)
            links = {key: row[key] for key in ("authorships", "topics", "source", "refs")}
            # A batch holds a work once, so no row of it reads another's (_stored_work).
            stored_rows.append((row["id"], _dump(props), _dump(links)))
            fresh.append(row)
        self.db.executemany(
            "INSERT OR REPLACE INTO work(id, props, links) VALUES (?, ?, ?)", stored_rows
        )
        self._affiliations(row["affiliations"] for row in fresh)

    def _stored_work(self, work: str) -> dict[str, Any]:
        props, links = self.db.execute(
            "SELECT props, links FROM work WHERE id = ?", (work,)
        ).fetchone()
        return {"props": pickle.loads(props), "links": pickle.loads(links)}

    def _clear_links(self, stored: dict[str, Any]) -> None:
        """cypher/load/work_clear_links.cypher: an unresolved author goes with their last work."""
        for authorship in stored["links"]["authorships"]:
            author = authorship["author"]
            self.authored[author] -= 1
            node = self.authors.get(author)
            if node is not None and node.props.get("unresolved") and not self.authored[author]:
                del self.authors[author]
                self.affiliations.pop(author, None)

    def _link(self, row: Row) -> None:
        """cypher/load/work_links.cypher, for the authors (the other links are the row's)."""
        for authorship in row["authorships"]:
            author = authorship["author"]
            node = self.authors.get(author)
            if node is None:
                node = self.authors[author] = Node(
                    _present(
                        name=authorship["name"],
                        unresolved=authorship["unresolved"],
                        orcid=authorship["orcid"],
                    )
                )
            elif node.props.get("orcid") is None and authorship["orcid"] is not None:
                node.props["orcid"] = authorship["orcid"]
            self.authored[author] = self.authored.get(author, 0) + 1

    def _columns(self, props: dict[str, Any]) -> None:
        """columns_of for one work: a key seen with a value of that type (not a list, whose
        kind depends on its items) is of the kind it was given then."""
        typed = self.typed
        for key, value in props.items():
            kind = (key, type(value))
            if kind not in typed:
                columns_of([{key: value}], self.work_columns)
                if kind[1] is not list:
                    typed.add(kind)

    def _affiliations(self, groups: Iterable[list[Row]]) -> None:
        """cypher/load/affiliations.cypher: each author's years at each institution, unioned
        (merge_affiliations, without the sort of every batch's union)."""
        authors, institutions, affiliations = self.authors, self.institutions, self.affiliations
        for group in groups:
            for item in group:
                author, inst = item["author"], item["institution"]
                if author in authors and inst in institutions:
                    affiliations.setdefault(author, {}).setdefault(inst, set()).update(
                        item["years"]
                    )


def _dump(value: Any) -> bytes:
    """A staged work's props or links (lists, dicts and scalars only, so pickle gives back what
    a JSON round trip would, several times faster)."""
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def _present(**values: Any) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _seen(nodes: dict[str, Node], rows: list[Row]) -> None:
    """cypher/load/{sources,institutions}_seen.cypher."""
    for row in rows:
        node = nodes.get(row["id"])
        if node is None:
            nodes[row["id"]] = Node(dict(row["props"]), row["updated"])
        elif row["updated"] is not None and (node.updated is None or node.updated < row["updated"]):
            node.props.update(row["props"])
            node.updated = row["updated"]


def _upsert(nodes: dict[str, Node], row: Row) -> bool:
    """cypher/load/*_upsert.cypher: written when new, or newer than the stored record."""
    node = nodes.get(row["id"])
    if node is None:
        nodes[row["id"]] = Node(dict(row["props"]), row["updated"])
        return True
    if node.updated is None or (row["updated"] is not None and node.updated < row["updated"]):
        node.props.update(row["props"])
        node.updated = row["updated"]
        return True
    return False


# -- the pass over the records -------------------------------------------------------------------


@dataclass
class Conversion:
    """What convert() wrote: the importer's arguments, and the load summary."""

    nodes: list[tuple[str, list[Path]]]
    relationships: list[tuple[str, list[Path]]]
    summary: LoadSummary
    works: int
    counts: dict[str, int]

    def admin_arguments(self) -> list[str]:
        # Titles and abstracts may hold line breaks (quoted): multi-line fields.
        args = [f"--array-delimiter={ARRAY_DELIMITER}", "--multiline-fields=true"]
        args += [f"--nodes={label}={','.join(map(str, files))}" for label, files in self.nodes]
        args += [
            f"--relationships={kind}={','.join(map(str, files))}"
            for kind, files in self.relationships
        ]
        return args


def convert(
    paths: Sequence[Path | str],
    out_dir: Path,
    *,
    rejects_path: Path | str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool = False,
    workers: int = 1,
) -> Conversion:
    """Read the records once and write the importer's CSV files into out_dir; with workers > 1
    the records are parsed and mapped in that many processes (prepared_records)."""
    files = snapshot_files(paths)
    out_dir.mkdir(parents=True, exist_ok=True)
    rejects = open_rejects(files, rejects_path)
    summary = LoadSummary("openalex", tuple(files))
    staging = out_dir / "staging.sqlite"
    staging.unlink(missing_ok=True)
    db = sqlite3.connect(staging, isolation_level=None)
    db.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA temp_store = FILE")
    db.execute("CREATE TABLE work (id TEXT PRIMARY KEY, props TEXT, links TEXT)")
    db.execute("BEGIN")
    graph = StagedGraph(db)
    dialect = OpenAlexDialect()
    position = ReadPosition()
    total_bytes = sum(path.stat().st_size for path in files) or 1
    reading = progress_bar(
        "reading openalex", progress, total=total_bytes, unit="B", unit_scale=True
    )
    batches: dict[str, dict[str, Row]] = {entity: {} for entity in dialect.order}
    try:
        for entity, key, row in prepared_records(
            files, position, dialect, summary, rejects, workers=workers
        ):
            summary.counts(entity).loaded += 1  # every mapped record reaches the CSV
            batch = batches[entity]
            previous = batch.get(key)
            if previous is None or dialect.newer(row, previous):
                batch[key] = row
            if len(batch) >= batch_size:
                graph.write(dialect, entity, list(batch.values()))
                batches[entity] = {}
                reading.update(position.bytes - reading.n)
        for entity in dialect.order:
            if batches[entity]:
                graph.write(dialect, entity, list(batches[entity].values()))
        reading.update(position.bytes - reading.n)
    finally:
        reading.close()
        rejects.close()
    summary.rejects_path = rejects.path if rejects.count else None
    db.execute("COMMIT")
    try:
        return _export(graph, out_dir, summary, progress)
    finally:
        db.close()
        staging.unlink(missing_ok=True)


# -- the CSV files -------------------------------------------------------------------------------


class _CsvFile:
    """One importer input: a header file (ids, then the columns with their types) and a body."""

    def __init__(self, out_dir: Path, name: str, fixed: list[str], columns: dict[str, str]):
        self.header_path = out_dir / f"{name}.header.csv"
        self.body_path = out_dir / f"{name}.csv"
        self.cells = [(key, _CELLS.get(kind, _cell)) for key, kind in columns.items()]
        kinds = {key: "string[]" if kind == "[]" else kind for key, kind in columns.items()}
        header = fixed + [f"{key}:{kind}" if kind else key for key, kind in kinds.items()]
        self.header_path.write_text(",".join(header) + "\n", encoding="utf-8")
        self.handle: TextIO = open(self.body_path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self.count = 0

    def add(self, fixed: list[str], props: dict[str, Any]) -> None:
        cells = [_quote(value) for value in fixed]
        cells += [cell(props.get(key)) for key, cell in self.cells]
        self.handle.write(",".join(cells) + "\n")
        self.count += 1

    def add_lines(self, lines: list[str]) -> None:
        """Rows already made into lines (the hot loop of _export makes them itself)."""
        self.handle.writelines(lines)
        self.count += len(lines)

    def close(self) -> list[Path]:
        self.handle.close()
        return [self.header_path, self.body_path]


def columns_of(
    props: Iterable[dict[str, Any]], columns: dict[str, str] | None = None
) -> dict[str, str]:
    """The importer types of the properties (long, double, boolean, long[]; string unmarked)."""
    found = columns if columns is not None else {}
    for item in props:
        for key, value in item.items():
            kind = _kind(value)
            known = found.get(key)
            if known is None or (known == "[]" and kind != "[]"):
                found[key] = kind
            elif kind != known and kind != "[]":
                raise ValueError(
                    f"property {key} holds both {known or 'string'} and {kind or 'string'}"
                )
    return found


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, list):
        return ("string" if not value else _kind(value[0]) or "string") + "[]" if value else "[]"
    return ""


def _cell(value: Any) -> str:
    """A property's cell: nothing for None (no property), strings and arrays quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return _quote(ARRAY_DELIMITER.join(str(item) for item in value))
    return _quote(str(value))


# _cell for the value a column of that kind holds, tested first; anything else goes to _cell.
def _string_cell(value: Any) -> str:
    if type(value) is str:
        return '"' + value.replace('"', '""') + '"'
    return _cell(value)


def _number_cell(value: Any) -> str:
    if type(value) is int or type(value) is float:
        return repr(value)
    return _cell(value)


def _boolean_cell(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return _cell(value)


_CELLS: dict[str, Callable[[Any], str]] = {
    "": _string_cell,
    "long": _number_cell,
    "double": _number_cell,
    "boolean": _boolean_cell,
}


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


RELATIONSHIPS: dict[str, tuple[str, str, dict[str, str]]] = {
    "SUBTOPIC_OF": ("Topic", "Topic", {}),
    "AFFILIATED_WITH": ("Author", "Institution", {"years": "long[]"}),
    "AUTHORED": ("Author", "Work", {"position": "", "corresponding": "boolean"}),
    "HAS_TOPIC": ("Work", "Topic", {"score": "double"}),
    "PUBLISHED_IN": ("Work", "Source", {}),
    "CITES": ("Work", "Work", {}),
    "COLLABORATES_WITH": (
        "Author",
        "Author",
        {"works": "long", "first_year": "long", "last_year": "long", "strength": "double"},
    ),
}
PAIRS_PER_INSERT = 50_000  # co-author pairs held before they go to SQLite


def _export(graph: StagedGraph, out_dir: Path, summary: LoadSummary, progress: bool) -> Conversion:
    stores = {
        "Topic": graph.topics,
        "Source": graph.sources,
        "Institution": graph.institutions,
        "Author": graph.authors,
    }
    nodes: dict[str, _CsvFile] = {}
    for label, store in stores.items():
        rows = [
            (key, {**node.props, **({"updated": node.updated} if node.updated else {})})
            for key, node in store.items()
        ]
        nodes[label] = _CsvFile(
            out_dir, label.lower(), [f"id:ID({label})"], columns_of(props for _, props in rows)
        )
        for key, props in rows:
            nodes[label].add([key], props)
    nodes["Work"] = _CsvFile(out_dir, "work", ["id:ID(Work)"], graph.work_columns)
    rels = {
        kind: _CsvFile(out_dir, kind.lower(), [f":START_ID({start})", f":END_ID({end})"], columns)
        for kind, (start, end, columns) in RELATIONSHIPS.items()
    }

    for child, parents in graph.subtopic.items():
        for parent in sorted(parents):
            rels["SUBTOPIC_OF"].add([child, parent], {})
    for author, per_inst in graph.affiliations.items():
        for inst, years in per_inst.items():
            rels["AFFILIATED_WITH"].add([author, inst], {"years": sorted(years)})

    db = graph.db
    db.execute("CREATE TABLE pair (low TEXT, high TEXT, year INTEGER, share REAL)")
    db.execute("BEGIN")
    bar = progress_bar("writing CSV", progress, total=len(graph.works), unit=" works")
    works, quote, string, number = graph.works, _quote, _string_cell, _number_cell
    work_file = nodes["Work"]
    authored, has_topic, published_in, cites = (
        rels[kind] for kind in ("AUTHORED", "HAS_TOPIC", "PUBLISHED_IN", "CITES")
    )
    pairs: list[tuple[str, str, int | None, float]] = []
    # The lines below are what _CsvFile.add writes for the relationships' columns (RELATIONSHIPS).
    for work, props_blob, links_blob in db.execute("SELECT id, props, links FROM work"):
        props = pickle.loads(props_blob)
        links = pickle.loads(links_blob)
        refs = links["refs"]
        missing = [ref for ref in refs if ref not in works]
        if missing:
            props["pending_refs"] = missing
        work_file.add([work], props)
        cell = quote(work)
        team = [authorship["author"] for authorship in links["authorships"]]
        authored.add_lines(
            [
                f"{quote(a['author'])},{cell},{string(a['position'])},"
                f"{_boolean_cell(a['corresponding'])}\n"
                for a in links["authorships"]
            ]
        )
        has_topic.add_lines(
            [f"{cell},{quote(topic['id'])},{number(topic['score'])}\n" for topic in links["topics"]]
        )
        if links["source"] is not None:
            published_in.add_lines([f"{cell},{quote(links['source'])}\n"])
        if len(missing) < len(refs):
            cites.add_lines([f"{cell},{quote(ref)}\n" for ref in refs if ref in works])
        size = props.get("author_count")
        if size is not None and 1 < size <= MAX_TEAM_FOR_COLLABORATION:
            share = 1.0 / (size - 1)
            year = props.get("year")
            pairs.extend(
                (a, b, year, share) if a < b else (b, a, year, share)
                for a, b in combinations(team, 2)
                if a != b
            )
            if len(pairs) >= PAIRS_PER_INSERT:
                db.executemany("INSERT INTO pair VALUES (?, ?, ?, ?)", pairs)
                pairs.clear()
        bar.update(1)
    db.executemany("INSERT INTO pair VALUES (?, ?, ?, ?)", pairs)
    bar.close()
    db.execute("COMMIT")
    rounded: dict[float, float] = {}  # few distinct sums of shares: round each once
    lines: list[str] = []
    collaborations = rels["COLLABORATES_WITH"]
    for low, high, count, first, last, strength in db.execute(
        "SELECT low, high, count(*), min(year), max(year), sum(share) FROM pair "
        "GROUP BY low, high ORDER BY low, high"
    ):
        value = rounded.get(strength)
        if value is None:
            if len(rounded) >= PAIRS_PER_INSERT:
                rounded.clear()
            value = rounded[strength] = _round(strength)
        lines.append(
            f"{quote(low)},{quote(high)},{number(count)},{number(first)},{number(last)},"
            f"{number(value)}\n"
        )
        if len(lines) >= PAIRS_PER_INSERT:
            collaborations.add_lines(lines)
            lines = []
    collaborations.add_lines(lines)
    counts = {label: file.count for label, file in {**nodes, **rels}.items()}
    return Conversion(
        nodes=[(label, file.close()) for label, file in nodes.items()],
        relationships=[(kind, file.close()) for kind, file in rels.items()],
        summary=summary,
        works=len(graph.works),
        counts=counts,
    )


def _round(value: float) -> float:
    """Cypher's round(x, precision): half-up on the shortest decimal form of x."""
    step = Decimal(1).scaleb(-STRENGTH_DECIMALS)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))
