"""graph.counting.CountingStore: the store as is, with the statements it ran counted."""

from __future__ import annotations

from tsunagari.graph import GraphStore
from tsunagari.graph.counting import CountingStore


def test_counts_what_runs_through_it_and_answers_as_the_store(shipped_store: GraphStore) -> None:
    counted = CountingStore(shipped_store)
    assert counted.dialect == shipped_store.dialect and counted.statements == 0
    hoboku = counted.query("search_organisations", q="抱樸", key="抱樸", limit=5)
    assert hoboku == shipped_store.query("search_organisations", q="抱樸", key="抱樸", limit=5)
    assert counted.statements == 1
    counted.run("RETURN 1 AS one")
    counted.node_rows("Organisation", [hoboku[0]["id"]])
    assert counted.statements == 3
    again = CountingStore(shipped_store)  # each wrapper counts its own
    assert again.statements == 0 and counted.statements == 3


def test_closing_the_wrapper_leaves_the_store_open(shipped_store: GraphStore) -> None:
    CountingStore(shipped_store).close()
    assert shipped_store.run("RETURN 1 AS one") == [{"one": 1}]
