"""The committed records are what the parsers make of the seeds today."""

import subprocess
import sys

from tests.conftest import RECORDS, ROOT, SEEDS


def test_committed_records_are_not_stale(tmp_path):
    out = tmp_path / "records.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "tsunagari.cli", "extract", str(SEEDS), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == RECORDS.read_text(encoding="utf-8"), (
        "data/records.jsonl is stale: run `make data` and commit it")
    # the summary names every document
    for name in ("000_", "001_", "002_", "003_", "004_"):
        assert name in done.stdout
