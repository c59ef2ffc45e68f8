"""Records from files in the forms they are published in, one at a time, in constant memory.

- JSON Lines (the OpenAlex snapshot, the arXiv snapshot), plain or gzip-compressed: a line that is
  not JSON is reported and the next line is read as usual.
- A JSON array of records, and an object that wraps records: an API results page
  (`{"meta": ..., "results": [...]}`) or `{"details": <author>, "works": [...]}`. These are scanned
  incrementally, element by element; after a malformed element the rest of the file cannot be
  delimited, so it is reported and reading stops there.

Each record comes with its file, the line it starts on and its raw text, for the rejects file.
`read_items` leaves the lines of JSON Lines unparsed (RawLine; `parse_line` parses one), so that
parsing can run in other processes (loaders/pipeline.py); `read_records` parses them in order.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

# Keys of the wrapping objects: lists of records, and a single record ("details").
LIST_KEYS = frozenset({"results", "works"})
RECORD_KEYS = frozenset({"details"})
WRAPPER_KEYS = LIST_KEYS | RECORD_KEYS | {"meta", "group_by"}

_CHUNK = 1 << 16
_MAX_VALUE = 256 << 20  # one record larger than this is treated as malformed
_RAW_LIMIT = 20_000  # characters of a malformed tail kept in the rejects file
_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\r\n"


@dataclass(frozen=True)
class RawRecord:
    """A record as read: its parsed JSON value, or the reason it could not be parsed."""

    path: Path
    line: int
    value: Any = None
    error: str | None = None
    source_text: str | None = None

    @property
    def text(self) -> str:
        if self.source_text is not None:
            return self.source_text
        return json.dumps(self.value, ensure_ascii=False)


class ReadPosition:
    """How many bytes of the input files have been read (of a .gz file, compressed bytes), so
    that progress can be told against the files' sizes."""

    def __init__(self) -> None:
        self.bytes = 0


@dataclass(frozen=True)
class RawLine:
    """One non-blank line of a JSON Lines file, as read (parse_line makes its records)."""

    path: Path
    line: int
    raw: bytes


def read_records(path: Path, position: ReadPosition | None = None) -> Iterator[RawRecord]:
    """Every record of the file, in order. Never raises for bad content; reports it instead."""
    for item in read_items(path, position):
        if isinstance(item, RawLine):
            yield from parse_line(item)
        else:
            yield item


def read_items(path: Path, position: ReadPosition | None = None) -> Iterator[RawRecord | RawLine]:
    """read_records, with each line of JSON Lines left for parse_line."""
    line = 1
    try:
        with _open_binary(path, position) as handle:
            first, line = _first_line(handle)
            if first is None:
                return
            stripped = first.lstrip()
            if stripped.startswith(b"["):
                yield from _structured(path, handle, first, line)
                return
            if stripped.startswith(b"{") and not _parses(first):
                second = handle.readline()
                if second.lstrip()[:1] in (b'"', b"}", b""):
                    yield from _structured(path, handle, first + second, line)
                    return
                yield from _json_lines(path, [first, second], handle, line)
                return
            yield from _json_lines(path, [first], handle, line)
    except (EOFError, OSError, zlib.error) as error:
        yield RawRecord(path, line, error=f"file truncated or unreadable: {error}", source_text="")


class _Counting(io.RawIOBase):
    """A file that adds the bytes read from it to a ReadPosition."""

    def __init__(self, raw: io.FileIO, position: ReadPosition) -> None:
        self.raw = raw
        self.position = position

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.raw.readinto(buffer) or 0
        self.position.bytes += count
        return count


@contextmanager
def _open_binary(path: Path, position: ReadPosition | None = None) -> Iterator[IO[bytes]]:
    with open(path, "rb", buffering=0) as raw:
        source = io.BufferedReader(_Counting(raw, position) if position else raw, 1 << 20)
        if source.peek(2)[:2] == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=source, mode="rb") as unzipped:
                yield cast(IO[bytes], unzipped)
        else:
            yield source


def _first_line(handle: IO[bytes]) -> tuple[bytes | None, int]:
    line = 1
    while True:
        raw = handle.readline()
        if not raw:
            return None, line
        if line == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if raw.strip():
            return raw, line
        line += 1


def _parses(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True


# -- JSON Lines ------------------------------------------------------------------------------------


def _json_lines(
    path: Path, first_lines: list[bytes], handle: IO[bytes], line: int
) -> Iterator[RawLine]:
    number = line - 1
    for lines in (first_lines, handle):
        for raw in lines:
            number += 1
            if raw.strip():
                yield RawLine(path, number, raw)


def parse_line(item: RawLine) -> Iterator[RawRecord]:
    """The record of a JSON Lines line (the records of a wrapping object), or why it has none."""
    path, number, raw = item.path, item.line, item.raw
    try:
        text = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", "replace").rstrip("\r\n")
        yield RawRecord(path, number, error=f"not UTF-8: {error.reason}", source_text=text)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"malformed JSON: {error.msg} (column {error.colno})"
        yield RawRecord(path, number, error=reason, source_text=text)
        return
    if _is_wrapper(value):
        yield from _unwrap(path, number, value)
    else:
        yield RawRecord(path, number, value=value, source_text=text)


def _is_wrapper(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= WRAPPER_KEYS
        and any(key in value for key in LIST_KEYS | RECORD_KEYS)
    )


def _unwrap(path: Path, number: int, value: dict[str, Any]) -> Iterator[RawRecord]:
    for key, member in value.items():
        if key in RECORD_KEYS:
            yield RawRecord(path, number, value=member)
        elif key in LIST_KEYS:
            if not isinstance(member, list):
                yield RawRecord(path, number, value=member, error=f"{key}: not a list")
                continue
            for element in member:
                yield RawRecord(path, number, value=element)


# -- JSON arrays and wrapping objects --------------------------------------------------------------


class _Malformed(Exception):
    def __init__(self, reason: str, line: int, text: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.text = text


class _Scanner:
    """Walks one JSON document held in a sliding window of text, decoding one value at a time."""

    def __init__(self, reader: IO[str], prefix: str, line: int) -> None:
        self.reader = reader
        self.buf = prefix
        self.pos = 0
        self.line = line
        self.eof = False
        self.keep: int | None = None  # a position that must stay in the window (a rewind mark)

    def _fill(self, at_least: int = _CHUNK) -> bool:
        if self.eof:
            return False
        drop = self.pos if self.keep is None else min(self.pos, self.keep)
        if drop:
            self.buf = self.buf[drop:]
            self.pos -= drop
            if self.keep is not None:
                self.keep -= drop
        chunk = self.reader.read(max(at_least, _CHUNK))
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def _advance(self, end: int) -> None:
        self.line += self.buf.count("\n", self.pos, end)
        self.pos = end

    def peek(self) -> str:
        """The next character that is not whitespace ('' at the end of the file)."""
        while True:
            buf, index = self.buf, self.pos
            size = len(buf)
            while index < size and buf[index] in _WHITESPACE:
                index += 1
            self._advance(index)
            if index < size:
                return buf[index]
            if not self._fill():
                return ""

    def take(self, expected: str) -> None:
        found = self.peek()
        if found != expected:
            shown = repr(found) if found else "the end of the file"
            raise self.malformed(f"expected {expected!r} but found {shown}")
        self._advance(self.pos + 1)

    def value(self) -> tuple[Any, str, int]:
        """The next JSON value, its text and the line it starts on."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as error:
                # A value cut by the window's end fails near the end; read more and try again.
                near_end = error.pos >= len(self.buf) - 16 or error.msg.startswith("Unterminated")
                pending = len(self.buf) - self.pos
                if near_end and not self.eof and pending < _MAX_VALUE:
                    self._fill(pending)
                    continue
                line = self.line + self.buf.count("\n", self.pos, error.pos)
                raise self.malformed(f"{error.msg} at line {line}") from None
            if end == len(self.buf) and not self.eof and not isinstance(value, dict | list | str):
                self._fill()  # a number or literal may go on in the next chunk
                continue
            text, line = self.buf[self.pos : end], self.line
            self._advance(end)
            return value, text, line

    def malformed(self, reason: str) -> _Malformed:
        text = self.buf[self.pos : self.pos + _RAW_LIMIT]
        return _Malformed(
            f"malformed JSON: {reason}; the rest of the file was not read", self.line, text
        )


def _structured(path: Path, handle: IO[bytes], prefix: bytes, line: int) -> Iterator[RawRecord]:
    reader = io.TextIOWrapper(handle, encoding="utf-8", errors="strict")
    try:
        scanner = _Scanner(reader, prefix.decode("utf-8"), line)
        first = scanner.peek()
        if first == "[":
            yield from _array(path, scanner)
        else:
            yield from _object(path, scanner)
        if scanner.peek() != "":
            raise scanner.malformed("extra data after the JSON document")
    except _Malformed as error:
        yield RawRecord(path, error.line, error=error.reason, source_text=error.text)
    except UnicodeDecodeError as error:
        yield RawRecord(path, line, error=f"not UTF-8: {error.reason}", source_text="")
    finally:
        reader.detach()


def _array(path: Path, scanner: _Scanner) -> Iterator[RawRecord]:
    scanner.take("[")
    if scanner.peek() == "]":
        scanner.take("]")
        return
    while True:
        value, text, line = scanner.value()
        yield RawRecord(path, line, value=value, source_text=text)
        if scanner.peek() == ",":
            scanner.take(",")
            continue
        scanner.take("]")
        return


def _object(path: Path, scanner: _Scanner) -> Iterator[RawRecord]:
    """A wrapping object streamed member by member, or else one record on its own."""
    scanner.peek()
    scanner.keep, mark_line = scanner.pos, scanner.line
    scanner.take("{")
    first_key = None
    if scanner.peek() == '"':
        first_key, _, _ = scanner.value()
    if first_key not in WRAPPER_KEYS:
        scanner.pos, scanner.line, scanner.keep = scanner.keep, mark_line, None
        value, text, line = scanner.value()
        yield RawRecord(path, line, value=value, source_text=text)
        return
    scanner.keep = None
    key = first_key
    while True:
        scanner.take(":")
        if key in LIST_KEYS and scanner.peek() == "[":
            yield from _array(path, scanner)
        else:
            value, text, line = scanner.value()
            if key in RECORD_KEYS:
                yield RawRecord(path, line, value=value, source_text=text)
        if scanner.peek() == ",":
            scanner.take(",")
            key, _, _ = scanner.value()
            continue
        scanner.take("}")
        return
