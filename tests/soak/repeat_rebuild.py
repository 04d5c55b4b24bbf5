"""Rebuild the shipped records repeated N times with new ids, names and titles.

The shape that made LadybugDB 0.22.0 crash in COPY from a DataFrame at 30
repeats (see tests/test_embedded_copy.py). Prints one line per size:

    .venv/bin/python -m tests.soak.repeat_rebuild 10 30 100
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "data" / "records.jsonl"


def repeated(n: int, out: Path) -> int:
    """The shipped records n times; every copy k gets ids, names and titles ending in k."""
    records = [json.loads(line) for line in RECORDS.read_text(encoding="utf-8").splitlines() if line.strip()]
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for k in range(n):
            for rec in records:
                copy = json.loads(json.dumps(rec))
                copy["id"] = f"{rec['id']}-r{k}"
                copy["title"] = f"{rec['title']} {k}"
                copy["lead"]["name"] = f"{rec['lead']['name']}{k}"
                for partner in copy["partners"]:
                    partner["name"] = f"{partner['name']}{k}"
                fh.write(json.dumps(copy, ensure_ascii=False) + "\n")
                count += 1
    return count


def run(sizes: list[int]) -> list[dict]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"x{n}.jsonl"
            records = repeated(n, path)
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "tsunagari.cli", "--store",
                                   f"embedded:{Path(tmp) / f'g{n}'}", "rebuild", str(path), "--quiet"],
                                  cwd=ROOT, capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - started
            out.append({"repeats": n, "records": records, "exit": done.returncode, "seconds": seconds})
            print(f"repeats {n:4d}: {records:7,d} records, exit {done.returncode}, {seconds:6.1f} s",
                  flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[10, 30, 100])
    results = run(parser.parse_args(argv).sizes)
    return 0 if all(r["exit"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
