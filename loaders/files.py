"""What a load reads and where its rejects go: the input paths (directories expand to their data
files; rejects files are never read back) and the rejects file, one JSON line per record.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

REJECTS_SUFFIX = ".rejects.jsonl"


def check_paths(paths: Sequence[Path | str]) -> list[Path]:
    """The files to read: each path must exist; a directory stands for its data files, sorted.

    Rejects files (*.rejects.jsonl) are never read as input, so that `kg load openalex dir/*.jsonl`
    does not load the rejects of an earlier run.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    if not paths:
        raise ValueError("no files to load")
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and _is_data_file(p))
            if not found:
                raise FileNotFoundError(f"no .json, .jsonl or .gz files in directory {path}")
            files.extend(found)
        elif path.is_file():
            if not path.name.endswith(REJECTS_SUFFIX):
                files.append(path)
        else:
            raise FileNotFoundError(f"no such file: {path}")
    if not files:
        raise ValueError("no files to load (rejects files are not read as input)")
    return files


def _is_data_file(path: Path) -> bool:
    name = path.name
    if name.endswith(REJECTS_SUFFIX) or name.startswith("."):
        return False
    return name.endswith((".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz"))


def default_rejects_path(first: Path) -> Path:
    return first.with_name(first.name + REJECTS_SUFFIX)


class Rejects:
    """The rejects file (JSON Lines), created on the first reject and rewritten by each load.

    Its directory must be writable before the load starts. The default place (next to the first
    input) falls back to the current directory when the input's directory is read-only.
    """

    def __init__(self, path: Path, *, fallback: bool = False) -> None:
        if fallback and not _writable_dir(path.parent):
            path = Path.cwd() / path.name
        if not _writable_dir(path.parent):
            raise PermissionError(
                f"cannot write the rejects file {path}: its directory is missing or read-only; "
                "choose another with --rejects FILE"
            )
        self.path = path
        self.count = 0
        self._handle: TextIO | None = None

    def add(self, path: Path, line: int, reason: str, raw: str) -> None:
        if self._handle is None:
            self._handle = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 (kept open)
        entry = {"path": str(path), "line": line, "reason": reason, "raw": raw}
        self._handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _writable_dir(directory: Path) -> bool:
    return directory.is_dir() and os.access(directory, os.W_OK)
