"""`make bench`: every benchmark, one after the other, figures printed."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ["benchmarks.load_bench", "benchmarks.suggest_bench", "benchmarks.pages_bench"]


def main() -> int:
    for name in BENCHMARKS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                print(f"(skipping {name}: not present)")
                continue
            raise
        print(f"\n######## {name}")
        module.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
