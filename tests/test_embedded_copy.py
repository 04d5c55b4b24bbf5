"""The bulk path survives the rows that crash LadybugDB's COPY from a DataFrame.

Seen on LadybugDB 0.22.0 (pandas 3.1, pyarrow 26): COPY from a pandas
DataFrame whose STRING column mixes a run of nulls with values (3,000 rows,
the first 1,000 null) dies with SIGSEGV inside the engine — the shape of
Organisation.legal_form when the shipped records are repeated 30 times
(upstream LadybugDB issue 672). The store copies from Arrow tables typed by the
model instead. Each case runs in a subprocess, so a crash fails the test
instead of killing pytest.
"""

import subprocess
import sys
import textwrap

import ladybug
import pytest

from tests.conftest import ROOT

SHAPE = textwrap.dedent("""
    import sys
    from tsunagari.graph import GraphRows
    from tsunagari.graph.embedded import LadybugGraph

    n, nulls = int(sys.argv[2]), int(sys.argv[3])
    rows = GraphRows()
    for i in range(n):
        rows.add_node("Organisation", {
            "id": f"org-{i}", "name": f"団体{i}", "key": f"k{i}", "kind": "npo",
            "legal_form": None if i < nulls else "NPO法人",
            "municipality_code": None if i % 3 else "13112",
            "aliases": [f"団体{i}"], "sources": ["d:1"]})
    g = LadybugGraph(sys.argv[1])
    g.bulk_insert(rows)
    got = g.run("MATCH (o:Organisation) WHERE o.legal_form IS NULL RETURN count(o) AS c")[0]["c"]
    total = g.run("MATCH (o:Organisation) RETURN count(o) AS c")[0]["c"]
    g.close()
    print(total, got)
""")


@pytest.mark.slow
@pytest.mark.parametrize(("n", "nulls"), [(3000, 1000), (1500, 1000), (12210, 6780)])
def test_the_bulk_copy_loads_string_columns_with_runs_of_nulls(tmp_path, n, nulls):
    assert ladybug.__version__  # the version the reproduction was seen on is in the docstring
    done = subprocess.run([sys.executable, "-c", SHAPE, str(tmp_path / "db"), str(n), str(nulls)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"exit {done.returncode} (negative: killed by a signal)\n{done.stderr[-2000:]}"
    assert done.stdout.split() == [str(n), str(nulls)]
