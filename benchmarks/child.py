"""``python -m benchmarks.child module:function JSON``: one benchmark step in its own process.

Prints ``RESULT {json}`` as its last line: the step's dict and the process's peak memory.
"""

from __future__ import annotations

import importlib
import json
import sys

from benchmarks.common import peak_rss_mb


def main() -> int:
    target, kwargs = sys.argv[1], json.loads(sys.argv[2])
    module, func = target.split(":")
    result = getattr(importlib.import_module(module), func)(**kwargs)
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
