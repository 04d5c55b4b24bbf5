"""`tsunagari extract` on a user's own table: good rows become records, bad rows are named."""

import json
import subprocess
import sys

from tests.conftest import ROOT


def extract(*args):
    return subprocess.run([sys.executable, "-m", "tsunagari.cli", "extract", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, check=False)


def test_a_csv_with_a_bad_row_loads_the_good_rows_and_fails(tmp_path):
    table = tmp_path / "mine.csv"
    table.write_text("title,lead,areas,partners\n"
                     "A取組,A会,東京都八王子市,B会（会場提供）\n"
                     ",C会,東京都,\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    done = extract(table, "--out", out)
    assert done.returncode == 1
    assert "mine.csv:3: skipped: row not loaded: field 'title'" in done.stdout
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["title"], r["lead"]["name"], r["areas"][0]["code"]) for r in records] == [
        ("A取組", "A会", "13201")]
    assert records[0]["partners"][0]["roles"] == ["venue"]


def test_the_shipped_template_extracts_cleanly(tmp_path):
    out = tmp_path / "template.jsonl"
    done = extract(ROOT / "data" / "records_template.csv", "--out", out)
    assert done.returncode == 0, done.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
