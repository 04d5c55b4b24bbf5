"""What every source parser returns, and the registry of parsers by format.

A parser is a pure function ``parse(text, document) -> ParseResult``: it reads
the text it is given and nothing else, and reports what it could not read as
notes with their line numbers instead of guessing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tsunagari.loaders.records import Record, Source


@dataclass(frozen=True)
class Note:
    """Something a reader of the extraction should know: unresolved area, garbled name…"""

    document: str
    line: int
    kind: str  # "unresolved_area", "garbled_name", "skipped", "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.document}:{self.line}: {self.kind}: {self.message}"


@dataclass
class ParseResult:
    records: list[Record] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass
class LineContext:
    """A parser's view of one document as 0-based lines, with 1-based provenance."""

    format: str
    document: str
    lines: list[str]
    result: ParseResult = field(default_factory=ParseResult)

    def note(self, index: int, kind: str, message: str) -> None:
        self.result.notes.append(Note(self.document, index + 1, kind, message))

    def source(self, index: int) -> Source:
        return Source(document=self.document, line=index + 1, format=self.format)

    def rid(self, index: int) -> str:
        return record_id(self.format, self.document, index + 1)


Parser = Callable[[str, str], ParseResult]

# format name -> module in loaders/ that defines parse(text, document)
FORMATS: dict[str, str] = {
    "casebook": "tsunagari.loaders.casebook",
    "model_projects": "tsunagari.loaders.model_projects",
    "policy_slides": "tsunagari.loaders.policy_slides",
    "platforms": "tsunagari.loaders.platforms",
    "adopted_list": "tsunagari.loaders.adopted_list",
}

# The shipped source documents and their formats (DESIGN.md).
SEED_FORMATS: dict[str, str] = {
    "000_db7cee502450179d.txt": "casebook",
    "001_1143c6004f43cb1f.txt": "model_projects",
    "002_8caa7d252caeed8c.txt": "policy_slides",
    "003_4d4ef3ddf692a859.txt": "platforms",
    "004_fd6cbdb65fe8003b.txt": "adopted_list",
}


def record_id(fmt: str, document: str, line: int) -> str:
    """Deterministic record id: format, document number and line of the title."""
    docnum = Path(document).name.split("_", 1)[0]
    return f"{fmt}-{docnum}-{line:04d}"


def get_parser(fmt: str) -> Parser:
    if fmt not in FORMATS:
        raise KeyError(f"unknown format {fmt!r}; known: {', '.join(sorted(FORMATS))}")
    module = importlib.import_module(FORMATS[fmt])
    return module.parse  # type: ignore[no-any-return]


def format_for(path: str | Path) -> str | None:
    return SEED_FORMATS.get(Path(path).name)
