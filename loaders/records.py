"""The canonical record (DESIGN.md): one initiative per JSON line.

Records are the source of truth; the graph is a projection of them. Reading a
records file never stops at a bad line: each failure is reported with file,
line and field, and the good lines are returned.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from tsunagari.core.bulk import paused_gc
from tsunagari.core.vocabulary import ROLE_CODES

Level = Literal["municipality", "prefecture", "national"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    document: str = Field(min_length=1)
    line: int = Field(ge=1)
    format: str = Field(min_length=1)


class Area(_Model):
    text: str
    prefecture: str | None = None
    municipality: str | None = None
    code: str | None = None
    level: Level | None = None

    @field_validator("code")
    @classmethod
    def _code_shape(cls, v: str | None) -> str | None:
        if v is not None and not (v.isdigit() and len(v) in (2, 5)):
            raise ValueError("code must be a 2-digit prefecture or 5-digit JIS X 0402 code")
        return v


class AltName(_Model):
    """Another spelling of the same body in the same document, with its line."""

    name: str = Field(min_length=1)
    line: int = Field(ge=1)


class Lead(_Model):
    name: str = Field(min_length=1)
    also_written: list[AltName] = Field(default_factory=list)
    area: Area | None = None
    department: str | None = None
    quality: Literal["garbled"] | None = None


class Partner(_Model):
    name: str = Field(min_length=1)
    # Other names the source gives the same body: a reading (スース), a brand.
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=lambda: ["unspecified"])
    role_text: str | None = None
    group: str | None = None
    generic: bool = False
    quality: Literal["garbled"] | None = None
    # A reading recovered from garbled text (``name`` keeps the raw text) and how
    # sure the decoder is of it, 0..1.
    recovered_name: str | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)
    department: str | None = None
    amount_yen: int | None = Field(default=None, ge=0)
    area: Area | None = None
    line: int | None = Field(default=None, ge=1)
    # The one source sentence that states this fact: the evidence a reader can check.
    quote: str | None = None

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, v: list[str]) -> list[str]:
        unknown = [r for r in v if r not in ROLE_CODES]
        if unknown:
            raise ValueError(f"unknown role(s) {unknown}; allowed: {sorted(ROLE_CODES)}")
        return v or ["unspecified"]


class SchemeRef(_Model):
    title: str = Field(min_length=1)
    kind: Literal["scheme", "platform", "initiative"] = "scheme"


class Period(_Model):
    text: str | None = None
    start: str | None = None
    end: str | None = None


class Record(_Model):
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
    title: str = Field(min_length=1)
    kind: Literal["initiative", "scheme", "platform"] = "initiative"
    collaboration_type: str | None = None
    lead: Lead
    areas: list[Area] = Field(default_factory=list)
    partners: list[Partner] = Field(default_factory=list)
    schemes: list[SchemeRef] = Field(default_factory=list)
    period: Period | None = None
    url: str | None = None
    life_stages: list[str] = Field(default_factory=list)
    adopted_r5: bool | None = None
    source: Source

    @field_validator("schemes", mode="before")
    @classmethod
    def _plain_titles(cls, v: object) -> object:
        if isinstance(v, list):
            return [{"title": s} if isinstance(s, str) else s for s in v]
        return v


@dataclass(frozen=True)
class RecordError:
    file: str
    line: int
    field: str
    message: str
    raw: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(record)"


def parse_line(raw: str, file: str, line: int) -> tuple[Record | None, list[RecordError]]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, [RecordError(file, line, "(json)", f"invalid JSON: {exc.msg} at column {exc.colno}", raw)]
    except RecursionError:
        return None, [RecordError(file, line, "(json)", "invalid JSON: nested too deeply", raw)]
    if not isinstance(data, dict):
        return None, [RecordError(file, line, "(record)", "a record must be a JSON object", raw)]
    try:
        return Record.model_validate(data), []
    except ValidationError as exc:
        errors = [
            RecordError(file, line, _field_path(tuple(e["loc"])), e["msg"], raw)
            for e in exc.errors()
        ]
        return None, errors


@dataclass
class ReadResult:
    records: list[Record]
    errors: list[RecordError]


def read_records(paths: Iterable[str | Path]) -> ReadResult:
    """Read JSON Lines files; bad lines become errors, good ones records.

    A record id seen twice is an error on the later line: silently keeping
    either would invent or drop data.
    """
    with paused_gc():
        return _read_records(paths)


# A record is a few kilobytes; a longer line is junk, reported and skipped
# without holding it, so a huge file of anything reads in bounded memory.
MAX_LINE_BYTES = 1_000_000
# What a rejected line keeps of its text (for the rejects file).
MAX_RAW_CHARS = 10_000


def guess_encoding(data: bytes) -> str | None:
    """The encoding Japanese text that is not UTF-8 is most likely in, or None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    for codec, label in (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # Japanese text, not bytes that happen to decode: kana or kanji, and
        # (nearly) nothing but them, ASCII, full-width forms and line breaks.
        japanese = sum(1 for ch in text if "\u3000" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff"
                       or "\uff00" <= ch <= "\uffef")
        plain = sum(1 for ch in text if " " <= ch <= "~" or ch in "\t\r\n")
        if japanese and japanese + plain >= 0.95 * len(text):
            return label
    return None


def encoding_message(data: bytes, exc: UnicodeDecodeError) -> str:
    guess = guess_encoding(data)
    where = f"byte 0x{data[exc.start]:02x} at byte {exc.start + 1}"
    if guess:
        return f"not UTF-8 ({where}): {guess} と思われます; UTF-8 で保存してください"
    return f"not UTF-8 ({where}); UTF-8 で保存してください"


def iter_lines(path: Path) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text, None) for each line of a UTF-8 file, or (line, None,
    why) for a line that cannot be read. Streams in bounded memory."""
    with path.open("rb") as fh:
        lineno = 0
        while True:
            chunk = fh.readline(MAX_LINE_BYTES + 1)
            if not chunk:
                return
            lineno += 1
            if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
                size = len(chunk)
                while chunk and not chunk.endswith(b"\n"):  # skip the rest of the line unread
                    chunk = fh.readline(MAX_LINE_BYTES)
                    size += len(chunk)
                yield lineno, None, f"line longer than {MAX_LINE_BYTES:,} bytes ({size:,}); not a record"
                continue
            if lineno == 1 and chunk.startswith(b"\xef\xbb\xbf"):
                chunk = chunk[3:]
            try:
                yield lineno, chunk.decode("utf-8"), None
            except UnicodeDecodeError as exc:
                yield lineno, None, encoding_message(chunk, exc)


# Errors kept in full; beyond this the rest are counted in one last error, so a
# file of junk is reported in bounded memory.
MAX_ERRORS = 1_000


def _read_records(paths: Iterable[str | Path]) -> ReadResult:
    records: list[Record] = []
    errors: list[RecordError] = []
    seen: dict[str, str] = {}
    for path in paths:
        p = Path(path)
        name = str(p)
        if not p.is_file():
            why = "is a folder, not a file" if p.is_dir() else "no such file"
            errors.append(RecordError(name, 0, "(file)", why, ""))
            continue
        dropped = 0

        def report(errs: list[RecordError]) -> None:
            nonlocal dropped
            for e in errs:
                if len(errors) < MAX_ERRORS:
                    errors.append(_short(e))
                else:
                    dropped += 1

        try:
            for lineno, raw, why in _lines_checked(p):
                if raw is None:
                    field = "(encoding)" if "UTF-8" in (why or "") else "(line)"
                    report([RecordError(name, lineno, field, why or "", "")])
                    continue
                if not raw.strip():
                    continue
                rec, errs = parse_line(raw, name, lineno)
                if errs:
                    report(errs)
                    continue
                assert rec is not None
                if rec.id in seen:
                    report([RecordError(name, lineno, "id",
                                        f"duplicate record id {rec.id!r} (first at {seen[rec.id]})", raw)])
                    continue
                seen[rec.id] = f"{name}:{lineno}"
                records.append(rec)
        except OSError as exc:
            errors.append(RecordError(name, 0, "(file)", f"cannot be read: {exc.strerror or exc}", ""))
        if dropped:
            errors.append(RecordError(name, 0, "(file)",
                                      f"{dropped:,} more error(s) in this file not listed", ""))
    return ReadResult(records, errors)


def _lines_checked(p: Path) -> Iterator[tuple[int, str | None, str | None]]:
    # A file whose first line is not UTF-8 is usually not UTF-8 at all: name
    # the encoding once for the file instead of once per line.
    first = True
    for lineno, raw, why in iter_lines(p):
        yield lineno, raw, why
        if first and raw is None and why and "UTF-8" in why:
            rest = sum(1 for _ in iter_lines(p)) - 1
            if rest:
                yield lineno, None, f"the other {rest:,} line(s) were not read: convert the file to UTF-8"
            return
        first = False


def _short(e: RecordError) -> RecordError:
    if len(e.raw) <= MAX_RAW_CHARS:
        return e
    return RecordError(e.file, e.line, e.field, e.message, e.raw[:MAX_RAW_CHARS])


def dump_record(rec: Record) -> str:
    return json.dumps(rec.model_dump(mode="json", exclude_none=True, exclude_defaults=False),
                      ensure_ascii=False, sort_keys=False)


def write_records(records: Iterable[Record], path: str | Path) -> int:
    n = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(dump_record(rec) + "\n")
            n += 1
    return n


def write_rejects(errors: list[RecordError], path: str | Path) -> None:
    """One JSON object per failed line: where, why, and the raw text to fix."""
    by_line: dict[tuple[str, int], list[RecordError]] = {}
    for e in errors:
        by_line.setdefault((e.file, e.line), []).append(e)
    with Path(path).open("w", encoding="utf-8") as fh:
        fh.writelines(json.dumps({
                "file": file, "line": line,
                "errors": [{"field": e.field, "message": e.message} for e in errs],
                "raw": errs[0].raw.rstrip("\n"),
            }, ensure_ascii=False) + "\n" for (file, line), errs in by_line.items())


def iter_partners(records: Iterable[Record]) -> Iterator[tuple[Record, Partner]]:
    for rec in records:
        for p in rec.partners:
            yield rec, p
