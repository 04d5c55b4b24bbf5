"""What every source parser returns, and the registry of parsers by format.

A parser is a pure function ``parse(text, document) -> ParseResult``: it reads
the text it is given and nothing else, and reports what it could not read as
notes with their line numbers instead of guessing.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tsunagari.core.text import nfkc
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


# --- evidence: the line where a partner's name stands and the sentence around it ---

# Characters that open a new item when they start a line: a bullet or a heading.
_ITEM_START = tuple("・•‧◆●■◇○□▶※①②③④⑤⑥⑦⑧⑨⑩")
_QUOTE_MAX = 160
_LEADING_BULLET = re.compile(r"^(?:(?:[-*]|[・•‧])\s*)+")
_WINDOW_BEFORE = 2
_WINDOW_AFTER = 12


def _core_name(name: str) -> str:
    """The distinctive part of a name: no legal form, no trailing bracket (KVOAD)."""
    from tsunagari.loaders.orgs import parse_legal_form

    base = parse_legal_form(name).base
    base = re.sub(r"\s*\([^()]*\)$", "", base).strip()
    return base or name


def _compact(text: str) -> str:
    return "".join(text.split())


@dataclass
class _Stream:
    """Window lines joined into one text; each character remembers its 0-based line."""

    chars: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def add(self, ch: str, line: int) -> None:
        self.chars.append(ch)
        self.lines.append(line)


_TAG = re.compile(r"<[^>]*>")


def _window(lines: list[str], lo: int, hi: int) -> _Stream:
    out = _Stream()
    prev = ""
    for i in range(lo, hi):
        raw = nfkc(lines[i])
        # HTML tags left by the PDF converter and table tabs separate cells
        text = _TAG.sub("\x1f", raw).replace("\t", "\x1f")
        text = re.sub(r"[ \u3000]+", " ", text).strip(" ")
        if not text.strip("\x1f "):
            out.add("\n", i)  # a blank line ends a sentence
            prev = ""
            continue
        if prev and ("\t" in raw or text.startswith(_ITEM_START) or re.match(r"^(?:\d+[.)]|[-*])\s", text)):
            out.add("\n", i)  # a table row, a bullet or a heading starts afresh
        elif prev and prev[-1].isascii() and prev[-1].isalnum() and text[0].isascii() and text[0].isalnum():
            out.add(" ", i)
        for ch in text:
            out.add(ch, i)
        prev = text
    return out


def _find(stream: _Stream, needle: str, near: int) -> int | None:
    """Start (in stream) of the occurrence of ``needle`` nearest to line ``near``, spaces ignored."""
    if not needle:
        return None
    keep = [k for k, c in enumerate(stream.chars) if not c.isspace() and c != "\x1f"]
    compact = "".join(stream.chars[k] for k in keep)
    best: tuple[int, int] | None = None
    pos = compact.find(needle)
    while pos >= 0:
        start = keep[pos]
        line = stream.lines[start]
        # the parser's line is where a cell or sentence begins: prefer names at or after it
        cost = line - near if line >= near else (near - line) * 3 + 1
        if best is None or cost < best[0]:
            best = (cost, start)
        pos = compact.find(needle, pos + 1)
    return None if best is None else best[1]


def _bounds(chars: list[str], start: int, end: int, stops: str) -> tuple[int, int]:
    left = start
    while left > 0 and chars[left - 1] not in stops:
        left -= 1
    right = end
    while right < len(chars) and chars[right] not in stops:
        right += 1
    if right < len(chars) and chars[right] == "。":
        right += 1
    return left, right


def _sentence(stream: _Stream, start: int, end: int) -> str:
    chars = stream.chars
    left, right = _bounds(chars, start, end, "。\n\x1f")
    if right - left <= (end - start) + 6 and "\x1f" in chars[max(0, left - 1):right + 1]:
        # a table cell that holds only the name: the row says what it is
        left, right = _bounds(chars, start, end, "。\n")
    text = " ".join(t.strip() for t in "".join(chars[left:right]).split("\x1f") if t.strip())
    bullet = _LEADING_BULLET.match(text)
    if bullet and bullet.end() <= start - left:
        text = text[bullet.end():]
        left += bullet.end()
    if len(text) <= _QUOTE_MAX:
        return text
    # A long list: keep the items around the name, and say where text was left out.
    a, b = start - left, end - left
    pieces = re.split(r"(?<=[、,])" if "、" in text or "," in text else r"(?<= )", text)
    spans, pos = [], 0
    for piece in pieces:
        spans.append((pos, pos + len(piece)))
        pos += len(piece)
    first = next(k for k, (x, y) in enumerate(spans) if y > a)
    last = next((k for k, (x, y) in enumerate(spans) if y >= b), len(spans) - 1)
    while True:
        grown = False
        if first > 0 and spans[last][1] - spans[first - 1][0] <= _QUOTE_MAX:
            first -= 1
            grown = True
        if last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= _QUOTE_MAX:
            last += 1
            grown = True
        if not grown:
            break
    out = text[spans[first][0]:spans[last][1]].strip()
    if spans[first][0] > 0:
        out = "…" + out
    if spans[last][1] < len(text):
        out = out + "…"
    return out


def find_evidence(lines: list[str], name: str, line: int) -> tuple[int, str] | None:
    """(line, quote) for a name said to stand at 1-based ``line``, or None when it is not there.

    The line is the one where the name's distinctive part stands (a name that
    wraps after its legal form is cited at its second line); the quote is the
    sentence, table cell or list item that holds it, NFKC-normalised, line
    wraps joined, cut around the name when it is a long list.
    """
    near = line - 1
    lo, hi = max(0, near - _WINDOW_BEFORE), min(len(lines), near + _WINDOW_AFTER + 1)
    stream = _window(lines, lo, hi)
    full = _compact(nfkc(name))
    core = _compact(_core_name(nfkc(name)))
    start = _find(stream, full, near)
    length = len(full)
    if start is not None:
        offset = full.find(core) if core else 0
        core_start = _advance(stream, start, max(offset, 0))
    else:
        start = core_start = _find(stream, core, near)
        length = len(core)
        if start is None:
            return None
    end = _advance(stream, start, length)
    return stream.lines[core_start] + 1, _sentence(stream, start, end)


def _advance(stream: _Stream, start: int, n: int) -> int:
    """Position after ``n`` non-space characters from ``start``."""
    k = start
    while n > 0 and k < len(stream.chars):
        if not stream.chars[k].isspace() and stream.chars[k] != "\x1f":
            n -= 1
        k += 1
    return k


def attach_evidence(result: ParseResult, text: str) -> ParseResult:
    """The last step of every parser: evidence and kinds of bodies on every partner.

    A partner without a quote gets its name's own line and the sentence stating
    it; one whose name cannot be found near its line keeps its line and gets a
    note, so that a missing citation is visible rather than invented. Every
    partner naming a kind of body (企業, 住民) is marked ``generic`` by the one
    shared rule, ``orgs.is_generic``.
    """
    from tsunagari.loaders.orgs import is_generic

    lines = text.splitlines()
    for rec in result.records:
        if rec.source.document and rec.partners:
            for p in rec.partners:
                p.generic = p.generic or is_generic(p.recovered_name or p.name)
                if p.quote or p.line is None:
                    continue
                hit = find_evidence(lines, p.name, p.line)
                if hit is None:
                    # a body cited through its unit or through the cell stating its role
                    for other in (p.department, p.role_text):
                        found = find_evidence(lines, other, p.line) if other else None
                        if found is not None:
                            hit = (p.line, found[1])
                            break
                if hit is None:
                    result.notes.append(Note(rec.source.document, p.line, "warning",
                                             f"partner {p.name!r}: name not found near its line; no quote"))
                    continue
                p.line, p.quote = hit
    return result
