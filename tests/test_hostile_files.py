"""Any bytes in, clear errors out: records files and tables of the wrong kind,
encoding or shape are reported by file, line and field, never a traceback, and
read in bounded memory."""

from __future__ import annotations

import random
import resource
import subprocess
import sys

import pandas as pd
import pytest
from tsunagari.loaders.records import MAX_ERRORS, MAX_LINE_BYTES, read_records
from tsunagari.loaders.tabular import COLUMNS, read_table

from tests.conftest import RECORDS, ROOT

GOOD = RECORDS.read_text(encoding="utf-8").splitlines()[:3]


def test_shift_jis_records_are_named_as_such(tmp_path):
    path = tmp_path / "sjis.jsonl"
    path.write_bytes("\n".join(GOOD).encode("cp932", "replace"))
    res = read_records([path])
    assert res.records == []
    first = res.errors[0]
    assert (first.file, first.line, first.field) == (str(path), 1, "(encoding)")
    assert "Shift_JIS と思われます; UTF-8 で保存してください" in first.message


def test_a_stray_byte_costs_its_line_only(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(GOOD[0].encode() + b"\n" + b'{"id": "x\xff"}\n' + GOOD[1].encode() + b"\n")
    res = read_records([path])
    assert len(res.records) == 2
    assert [(e.line, e.field) for e in res.errors] == [(2, "(encoding)")]
    assert "0xff" in res.errors[0].message


@pytest.mark.parametrize("junk", [
    b"\x00\x01\x02" * 1000,
    b"[" * 200_000 + b"\n",
    b'{"id": 1}\n[]\n"text"\n\xef\xbb\xbf{}\n',
    bytes(random.Random(3).randrange(256) for _ in range(50_000)),
    b"\xff\xfe" + "{}".encode("utf-16-le"),
])
def test_any_bytes_give_errors_with_a_line_and_a_field(tmp_path, junk):
    path = tmp_path / "junk.jsonl"
    path.write_bytes(junk)
    res = read_records([path])
    assert res.records == [] and res.errors
    for e in res.errors:
        assert e.file == str(path) and e.line >= 0 and e.field and e.message
        assert str(e).startswith(f"{path}:{e.line}: {e.field}: ")


def test_a_folder_or_a_missing_file_is_an_error_not_a_traceback(tmp_path):
    res = read_records([tmp_path, tmp_path / "nope.jsonl"])
    assert [(e.field, e.message) for e in res.errors] == [
        ("(file)", "is a folder, not a file"), ("(file)", "no such file")]


@pytest.mark.slow
def test_the_cli_never_shows_a_traceback(tmp_path):
    path = tmp_path / "junk.jsonl"
    path.write_bytes(bytes(random.Random(5).randrange(256) for _ in range(20_000)))
    done = subprocess.run([sys.executable, "-m", "tsunagari.cli", "--store",
                           f"embedded:{tmp_path / 'g'}", "rebuild", str(path), "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and f"{path}:1: (encoding):" in done.stderr


@pytest.mark.slow
def test_huge_junk_is_read_in_bounded_memory(tmp_path):
    """Long lines and endless bad lines: memory stays far below the file's size."""
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as fh:
        fh.write(b"x" * (MAX_LINE_BYTES * 3) + b"\n")  # one line of 3 MB
        for _ in range(60):
            fh.write((b"not json " * 100 + b"\n") * 2_000)  # 120,000 bad lines, ~110 MB
    script = (
        "import resource, sys\n"
        "from tsunagari.loaders.records import read_records\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "res = read_records([sys.argv[1]])\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(len(res.records), len(res.errors), res.errors[0].field, res.errors[-1].message, "
        "(after - before) // 1024, sep='|')\n")
    done = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    n_records, n_errors, first_field, last, grown_mb = done.stdout.strip().split("|")
    assert n_records == "0" and int(n_errors) == MAX_ERRORS + 1
    assert first_field == "(line)" and "more error(s) in this file not listed" in last
    assert int(grown_mb) < path.stat().st_size // 2**20 // 4
    assert resource  # used in the child


# -- tables -------------------------------------------------------------------------

ROW = {"id": "t-1", "title": "タノバ食堂", "kind": "initiative", "collaboration_type": "民民連携",
       "lead": "TanoBa合同会社", "lead_area": "東京都世田谷区", "areas": "東京都世田谷区",
       "partners": "宗教法人 龍雲寺（会場提供）", "schemes": "", "period": "", "url": ""}


def _csv_lines(n: int) -> list[str]:
    frame = pd.DataFrame([{**ROW, "id": f"t-{i}", "title": f"食堂{i}"} for i in range(n)],
                         columns=list(COLUMNS))
    return frame.to_csv(index=False).splitlines()


def test_a_quote_left_open_names_the_row_and_the_lines_it_swallowed(tmp_path):
    lines = _csv_lines(3)
    lines[1] = lines[1].replace("食堂0", '"食堂0', 1)  # the quote never closes
    path = tmp_path / "open.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = read_table(path)
    assert [r.id for r in res.records] == ["t-1", "t-2"]  # the swallowed rows are read again
    [note] = [n for n in res.notes if n.kind == "skipped"]
    assert note.line == 2 and 'quote (") is left open' in note.message and "lines 2–4" in note.message


def test_a_quote_closed_by_a_later_row_is_named_too(tmp_path):
    lines = _csv_lines(4)
    lines[1] = lines[1].replace("食堂0", '"食堂0', 1)
    lines[3] = lines[3].replace("食堂2", '"食堂2"x', 1)  # a stray quote further down
    path = tmp_path / "stray.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = read_table(path)
    skipped = [n for n in res.notes if n.kind == "skipped"]
    assert skipped and skipped[0].line == 2 and "left open" in skipped[0].message
    assert "t-1" in [r.id for r in res.records] and "t-3" in [r.id for r in res.records]


def test_shift_jis_table_is_read_and_named(tmp_path):
    path = tmp_path / "sjis.csv"
    path.write_bytes("\n".join(_csv_lines(2)).encode("cp932"))
    res = read_table(path)
    assert len(res.records) == 2
    assert any("Shift_JIS と思われます" in n.message for n in res.notes)


@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl", ".xlsx"])
def test_junk_tables_are_one_note_never_a_traceback(tmp_path, suffix):
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(bytes(random.Random(11).randrange(256) for _ in range(30_000)))
    res = read_table(path)
    assert res.records == []
    assert res.notes and all(n.document == path.name and n.line >= 1 for n in res.notes)
    assert any(n.kind == "skipped" for n in res.notes)


def test_a_cell_beyond_the_csv_field_limit_is_named(tmp_path):
    lines = _csv_lines(2)
    lines[1] = lines[1].replace("食堂0", "食" * 200_000, 1)
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = read_table(path)
    assert [r.id for r in res.records] == ["t-1"]
    assert any(n.line == 2 and "field limit" in n.message for n in res.notes)


def test_deeply_nested_json_table(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    res = read_table(path)
    assert res.records == [] and res.notes


@pytest.mark.slow
def test_the_extract_cli_never_shows_a_traceback(tmp_path):
    path = tmp_path / "junk.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    done = subprocess.run([sys.executable, "-m", "tsunagari.cli", "extract", str(path),
                           "--out", str(tmp_path / "out.jsonl")],
                          cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    assert "junk.xlsx:1: skipped:" in done.stdout


