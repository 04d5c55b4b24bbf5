"""Users' own initiatives from a table: CSV, Excel (.xlsx) or JSON (format ``tabular``).

``read_table(path)`` reads one file into canonical records. A row that cannot
be read becomes a note naming the file, the row's line and the field; the
other rows still load. ``data/records_template.csv`` is a template to copy.

Columns (a header row with these names, in any order; unknown columns are
reported and ignored):

=================== ======== ===================================================
column              required content
=================== ======== ===================================================
id                  no       the row's own id (letters, digits, ``_ . : -``);
                             when empty, ``tabular-`` + the first 12 hex digits
                             of SHA-1 over the NFKC title and lead, whitespace
                             collapsed, joined by U+001F. So a row keeps its id
                             when the file is renamed or rows are reordered;
                             two rows with the same title and lead need ids.
title               yes      the initiative's name
kind                no       ``initiative`` (default), ``scheme`` or ``platform``
collaboration_type  no       e.g. 官民連携, 民民連携
lead                yes      the implementing body (事業の実施機関)
lead_area           no       where the lead is based, e.g. 東京都八王子市
areas               no       対象地域: area texts separated by 、
partners            no       ``名前（役割）`` separated by 、; the role in
                             parentheses (full or half width) is optional and
                             gives the roles through the role lexicon. A cell
                             may also hold a JSON list, as may a JSON file: of
                             such strings, or of objects with the fields of a
                             partner (``name``, ``role_text``, ``roles``,
                             ``quote`` …). A text item is its own ``quote``;
                             an object may bring the sentence of its source
                             as ``quote``. Each partner cites the row's line.
schemes             no       titles of the schemes that adopted it, separated by 、
period              no       text such as ``2023年5月~``, ``令和6年4月~令和7年3月``
                             or ``2023-05 ~ 2024-03``; start and end are read
                             from its dates
url                 no       http(s) address of the initiative
=================== ======== ===================================================

Line numbers: for CSV the line where the row starts (the header is line 1, a
quoted cell may span lines); for Excel the sheet's row number; for JSON Lines
the line; for a JSON array the line where the object starts. A CSV that is not
UTF-8 is read as Shift_JIS (cp932), the encoding Excel writes in Japan.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tsunagari.core.text import nfkc, short_hash
from tsunagari.loaders import places, roles
from tsunagari.loaders.casebook import period_from_text
from tsunagari.loaders.parsing import Note, ParseResult
from tsunagari.loaders.records import (
    Area,
    Lead,
    Partner,
    Period,
    Record,
    SchemeRef,
    Source,
    encoding_message,
    guess_encoding,
)

FORMAT = "tabular"

COLUMNS = (
    "id", "title", "kind", "collaboration_type", "lead", "lead_area", "areas",
    "partners", "schemes", "period", "url",
)
REQUIRED = ("title", "lead")

_ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?!\d)")
_RANGE_RE = re.compile(r"^\s*(?:~|〜|–|—|-|to|から)\s*$")
_URL_RE = re.compile(r"^https?://\S+$")


class RowError(ValueError):
    """One field of one row cannot be read."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def table_id(title: str, lead: str) -> str:
    """The id of a row without one: stable across file names and row order."""
    key = "\x1f".join(" ".join(nfkc(s).split()) for s in (title, lead))
    return "tabular-" + short_hash(key, 12)


# --------------------------------------------------------------------------- reading files


# A table of initiatives is kilobytes to a few megabytes; a bigger file is
# refused before it is read, so junk never fills memory.
MAX_TABLE_BYTES = 100_000_000


def _decode(path: Path, notes: list[Note]) -> str | None:
    """The file's text: UTF-8, or Shift_JIS (cp932, what Excel writes in Japan)
    with a warning naming it; None (and a note) when it is neither or too big."""
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        notes.append(Note(path.name, 1, "skipped",
                          f"file of {size:,} bytes is larger than {MAX_TABLE_BYTES:,}; not read"))
        return None
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        if guess_encoding(raw) == "Shift_JIS":
            notes.append(Note(path.name, line, "warning",
                              "(encoding): not UTF-8: Shift_JIS と思われます; read as Shift_JIS (cp932). "
                              "UTF-8 で保存してください"))
            return raw.decode("cp932")
        notes.append(Note(path.name, line, "skipped",
                          f"(encoding): {encoding_message(raw, exc)}; "
                          "no row read"))
        return None


def _rows_csv(path: Path, notes: list[Note]) -> Iterator[tuple[int, dict[str, Any]]]:
    text = _decode(path, notes)
    if text is None:
        return
    physical = text.splitlines(keepends=True)
    header: list[str] | None = None
    start = 0  # physical line (0-based) the reader starts at
    while start < len(physical):
        reader = csv.reader(io.StringIO("".join(physical[start:]), newline=""), strict=True)
        next_line = start + 1
        try:
            for cells in reader:
                line, next_line = next_line, start + reader.line_num + 1
                if not any(c.strip() for c in cells):
                    continue
                if header is None:
                    header = cells
                    if not set(header) & set(COLUMNS):
                        notes.append(Note(path.name, line, "skipped",
                                          "(header): none of the template's columns "
                                          f"({', '.join(COLUMNS)}); no row read"))
                        return
                    continue
                last = next_line - 1
                if last > line:
                    _swallowed(path.name, line, last, physical, len(header), notes)
                if len(cells) > len(header):
                    extra = [c for c in cells[len(header):] if c.strip()]
                    if extra:
                        notes.append(Note(path.name, line, "warning",
                                          f"{len(cells)} cells for {len(header)} columns; "
                                          f"cells beyond the header ignored: {extra}"))
                yield line, dict(zip(header, cells, strict=False))
            break
        except csv.Error as exc:
            # A quote left open runs to the end of the file (or to a stray
            # quote): name the row and the lines it swallowed, then read on
            # from the line after the row's first.
            line = next_line
            last = min(start + reader.line_num, len(physical))
            notes.append(Note(path.name, line, "skipped",
                              f"row not loaded: {_csv_problem(exc)}; "
                              + (f"lines {line}–{last} were read as one cell"
                                 if last > line else "the row could not be read")))
            start = line  # 0-based index of the physical line after the row's first
    if header is None:
        notes.append(Note(path.name, 1, "skipped", "no header row"))


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text or "expected after" in text or "EOF" in text:
        return 'a quote (") is left open'
    if "field larger than field limit" in text:
        return "a cell larger than the field limit"
    return f"not CSV: {text}"


def _swallowed(name: str, line: int, last: int, physical: list[str], columns: int,
               notes: list[Note]) -> None:
    """A row whose quoted cell runs over several lines is legal CSV, but if a
    later line in it looks like a whole row, a quote was probably left open."""
    inner = [n for n in range(line + 1, last + 1)
             if physical[n - 1].count(",") >= max(1, columns - 1)]
    if inner:
        notes.append(Note(name, line, "warning",
                          f"a quoted cell runs over lines {line}–{last}; line(s) "
                          f"{', '.join(map(str, inner[:10]))} look like rows of their own and were "
                          f"read into it: is a quote (\") left open on line {line}?"))


def _rows_xlsx(path: Path, notes: list[Note]) -> Iterator[tuple[int, dict[str, Any]]]:
    import pandas as pd

    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        notes.append(Note(path.name, 1, "skipped",
                          f"file of {size:,} bytes is larger than {MAX_TABLE_BYTES:,}; not read"))
        return
    try:
        frame = pd.read_excel(path, dtype=object, engine="openpyxl")
    except Exception as exc:  # noqa: BLE001 - any damage to the file is one note, never a traceback
        notes.append(Note(path.name, 1, "skipped",
                          f"(file): not a readable .xlsx workbook ({type(exc).__name__}); no row read"))
        return
    frame = frame.astype(object).where(frame.notna(), None)
    for index, row in enumerate(frame.to_dict(orient="records")):
        values = {str(k): _excel_value(v) for k, v in row.items()}
        if any(v not in (None, "") for v in values.values()):
            yield index + 2, values  # row 1 is the header


def _excel_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):  # a date cell: keep the date, drop 00:00:00
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # ids typed as numbers
    return value


def _rows_json(path: Path, notes: list[Note]) -> Iterator[tuple[int, dict[str, Any]]]:
    text = _decode(path, notes)
    if text is None:
        return
    if text.lstrip().startswith("["):
        yield from _rows_json_array(path.name, text, notes)
        return
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            notes.append(Note(path.name, line, "skipped", f"invalid JSON: {exc.msg} at column {exc.colno}"))
            continue
        except RecursionError:
            notes.append(Note(path.name, line, "skipped", "invalid JSON: nested too deeply"))
            continue
        yield line, value


def _rows_json_array(name: str, text: str, notes: list[Note]) -> Iterator[tuple[int, Any]]:
    """Elements of a JSON array with the line where each starts."""
    decoder = json.JSONDecoder()
    i = text.index("[") + 1
    try:
        while True:
            while i < len(text) and text[i] in " \t\r\n,":
                i += 1
            if i >= len(text) or text[i] == "]":
                return
            value, end = decoder.raw_decode(text, i)
            yield text.count("\n", 0, i) + 1, value
            i = end
    except json.JSONDecodeError as exc:
        notes.append(Note(name, exc.lineno, "skipped",
                          f"invalid JSON: {exc.msg} at column {exc.colno}; the rest of the file is not read"))
    except RecursionError:
        notes.append(Note(name, text.count("\n", 0, i) + 1, "skipped",
                          "invalid JSON: nested too deeply; the rest of the file is not read"))


_READERS = {".csv": _rows_csv, ".xlsx": _rows_xlsx, ".json": _rows_json, ".jsonl": _rows_json}


# --------------------------------------------------------------------------- cells


def _text(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise RowError(column, f"expected text, got {type(value).__name__}")
    return " ".join(nfkc(str(value)).split())


def _split_top(text: str, sep: str = "、") -> list[str]:
    """Split at ``sep`` outside parentheses; unbalanced parentheses are an error."""
    parts: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise ValueError(f"')' without '(' in {text!r}")
        if ch == sep and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    if depth:
        raise ValueError(f"'(' without ')' in {text!r}")
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _list(row: dict[str, Any], column: str) -> list[Any]:
    """A list cell: a JSON list as such, a JSON list written in a cell, or 、-separated text."""
    value = row.get(column)
    if isinstance(value, list):
        return value
    text = _text(row, column)
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RowError(column, f"cell starts with '[' but is not a JSON list: {exc.msg}") from exc
        if not isinstance(parsed, list):
            raise RowError(column, "expected a JSON list")
        return parsed
    try:
        return _split_top(text)
    except ValueError as exc:
        raise RowError(column, str(exc)) from exc


def partner_from_text(text: str) -> Partner:
    """``名前（役割）`` -> a partner; the parenthesis at the end is the role text."""
    text = " ".join(nfkc(text).split())
    role_text: str | None = None
    name = text
    if text.endswith(")"):
        depth = 0
        for i in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[i], 0)
            if depth == 0:
                if text[:i].strip():
                    name, role_text = text[:i].strip(), text[i + 1:-1].strip() or None
                break
    # the user's own item is the sentence that states the fact
    return Partner(name=name, roles=roles.classify(role_text), role_text=role_text, quote=text)


def _partners(row: dict[str, Any], line: int | None = None) -> list[Partner]:
    partners: list[Partner] = []
    for i, item in enumerate(_list(row, "partners")):
        field = f"partners[{i}]"
        if isinstance(item, str):
            try:
                partners.append(partner_from_text(item))
            except ValidationError as exc:
                raise RowError(field, exc.errors()[0]["msg"]) from exc
        elif isinstance(item, dict):
            data = {k: nfkc(v) if isinstance(v, str) else v for k, v in item.items()}
            if "roles" not in data:
                data["roles"] = roles.classify(data.get("role_text"))
            try:
                partners.append(Partner.model_validate(data))
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                raise RowError(f"{field}.{where}", err["msg"]) from exc
        else:
            raise RowError(field, f"expected text or an object, got {type(item).__name__}")
    for p in partners:
        p.line = p.line or line
    return partners


def _period(text: str) -> Period | None:
    if not text:
        return None
    period = period_from_text(text)
    if period.start is not None:
        return period
    dates = list(_ISO_DATE_RE.finditer(text))
    if not dates:
        return Period(text=text)

    def iso(m: re.Match[str]) -> str:
        parts = [m.group(1)] + [f"{int(g):02d}" for g in m.groups()[1:] if g]
        return "-".join(parts)

    end = None
    if len(dates) > 1 and _RANGE_RE.match(text[dates[0].end():dates[1].start()]):
        end = iso(dates[1])
    return Period(text=text, start=iso(dates[0]), end=end)


def _scheme(value: Any, i: int) -> SchemeRef:
    try:
        if isinstance(value, str):
            return SchemeRef(title=" ".join(nfkc(value).split()))
        return SchemeRef.model_validate(value)
    except ValidationError as exc:
        raise RowError(f"schemes[{i}]", exc.errors()[0]["msg"]) from exc


# --------------------------------------------------------------------------- rows


class _RowReader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.gazetteer = places.gazetteer()
        self.notes: list[Note] = []

    def areas(self, pieces: list[Any], line: int, column: str) -> list[Area]:
        areas: list[Area] = []
        for i, piece in enumerate(pieces):
            if not isinstance(piece, str):
                raise RowError(f"{column}[{i}]", f"expected an area text, got {type(piece).__name__}")
            piece = " ".join(nfkc(piece).split())
            resolution = self.gazetteer.resolve(piece)
            areas.extend(resolution.areas)
            for fragment in resolution.unresolved:
                self.notes.append(Note(self.name, line, "unresolved_area",
                                       f"field {column!r}: {fragment!r} (in {piece!r}) "
                                       "matches no municipality"))
            if not resolution.areas and not resolution.unresolved:
                self.notes.append(Note(self.name, line, "unresolved_area",
                                       f"field {column!r}: {piece!r} names no known place"))
        return areas

    def record(self, line: int, row: Any) -> Record:
        if not isinstance(row, dict):
            raise RowError("(row)", f"expected an object with the columns, got {type(row).__name__}")
        title = _text(row, "title")
        lead_name = _text(row, "lead")
        for column, value in (("title", title), ("lead", lead_name)):
            if not value:
                raise RowError(column, "required, but empty")
        url = _text(row, "url") or None
        if url is not None and not _URL_RE.match(url):
            raise RowError("url", f"not an http(s) address: {url!r}")
        lead = Lead(name=lead_name)
        lead_area_text = _text(row, "lead_area")
        if lead_area_text:
            found = self.areas([lead_area_text], line, "lead_area")
            if len(found) > 1:
                self.notes.append(Note(self.name, line, "warning",
                                       f"field 'lead_area': {lead_area_text!r} names "
                                       f"{len(found)} areas; the first is kept"))
            lead = Lead(name=lead_name, area=found[0] if found else None)
        areas = self.areas(_list(row, "areas"), line, "areas")
        schemes = [_scheme(s, i) for i, s in enumerate(_list(row, "schemes"))]
        data = {
            "id": _text(row, "id") or table_id(title, lead_name),
            "title": title,
            "kind": _text(row, "kind") or "initiative",
            "collaboration_type": _text(row, "collaboration_type") or None,
            "lead": lead,
            "areas": areas,
            "partners": _partners(row, line),
            "schemes": schemes,
            "period": _period(_text(row, "period")),
            "url": url,
            "source": Source(document=self.name, line=line, format=FORMAT),
        }
        try:
            return Record.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise RowError(".".join(str(p) for p in err["loc"]) or "(row)", err["msg"]) from exc


def read_table(path: Path) -> ParseResult:
    """Records from a CSV, .xlsx or JSON / JSON Lines file of initiatives; bad rows as notes."""
    path = Path(path)
    reader_fn = _READERS.get(path.suffix.lower())
    if reader_fn is None:
        raise ValueError(f"{path}: unsupported file type {path.suffix!r}; "
                         f"expected one of {', '.join(sorted(_READERS))}")
    result = ParseResult()
    rows = _RowReader(path.name)
    seen_columns = False
    seen_ids: dict[str, int] = {}
    for line, row in reader_fn(path, result.notes):
        if not seen_columns and isinstance(row, dict):
            seen_columns = True
            missing = [c for c in REQUIRED if c not in row]
            unknown = sorted(str(c) for c in row if c not in COLUMNS)
            if unknown:
                result.notes.append(Note(path.name, 1, "warning",
                                         f"unknown column(s) {unknown} ignored; "
                                         f"known: {', '.join(COLUMNS)}"))
            if missing and path.suffix.lower() in (".csv", ".xlsx"):
                result.notes.append(Note(path.name, 1, "skipped",
                                         f"missing required column(s) {missing}; no row read"))
                return result
        try:
            record = rows.record(line, row)
        except RowError as exc:
            result.notes.append(Note(path.name, line, "skipped",
                                     f"row not loaded: field {exc.field!r}: {exc.message}"))
            continue
        if record.id in seen_ids:
            result.notes.append(Note(path.name, line, "skipped",
                                     f"row not loaded: field 'id': {record.id!r} already used "
                                     f"by the row at line {seen_ids[record.id]}"))
            continue
        seen_ids[record.id] = line
        result.records.append(record)
    result.notes.extend(rows.notes)
    result.notes.sort(key=lambda n: n.line)
    return result
