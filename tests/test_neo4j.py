"""The Neo4j store against a live server, when TSUNAGARI_TEST_NEO4J names one.

Neo4j cannot run on every machine; the Cypher check (test_cypher_check.py) covers
every Neo4j statement without a server. With a server, these tests load the
shipped records into it and compare with the embedded engine.
"""

import os

import pytest
from tsunagari.graph import open_store
from tsunagari.loaders.records import read_records

from tests.conftest import RECORDS
from tsunagari.loading import write_graph

URI = os.environ.get("TSUNAGARI_TEST_NEO4J")
pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(not URI, reason="set TSUNAGARI_TEST_NEO4J=neo4j://… (with NEO4J_USER/NEO4J_PASSWORD) "
                                       "to run the Neo4j tests"),
]


@pytest.fixture(scope="module")
def neo4j_store():
    s = open_store(URI)
    try:
        yield s
    finally:
        s.clear()
        s.close()


def test_rebuild_and_load_match_the_embedded_engine(neo4j_store, shipped_store):
    records = read_records([RECORDS]).records
    write_graph(neo4j_store, records, mode="rebuild")
    first = neo4j_store.counts()
    assert first == shipped_store.counts()
    write_graph(neo4j_store, records, mode="load")
    assert neo4j_store.counts() == first


def test_named_queries_answer_alike(neo4j_store, shipped_store):
    hoboku = shipped_store.query("search_organisations", q="抱樸", key="抱樸", limit=5)
    assert neo4j_store.query("search_organisations", q="抱樸", key="抱樸", limit=5) == hoboku
    org_id = hoboku[0]["id"]
    for name in ("programmes_of_organisation", "co_partners_of_organisation",
                 "co_partners_in_order_of_organisation", "programme_counts_of_organisation",
                 "programme_areas_of_organisation"):
        assert neo4j_store.query(name, id=org_id) == shipped_store.query(name, id=org_id)
    for page in ({"role": "", "offset": 0, "limit": 200}, {"role": "lead", "offset": 1, "limit": 2}):
        assert (neo4j_store.query("co_partners_page_of_organisation", id=org_id, **page)
                == shipped_store.query("co_partners_page_of_organisation", id=org_id, **page))
    def by_role(store):
        return sorted(store.query("co_partner_counts_of_organisation", id=org_id), key=lambda r: r["role"])

    assert by_role(neo4j_store) == by_role(shipped_store)
    for part in ({"part": "", "offset": 0, "limit": 200}, {"part": "led", "offset": 1, "limit": 2},
                 {"part": "joined", "offset": 0, "limit": 1}):
        assert (neo4j_store.query("programmes_page_of_organisation", id=org_id, **part)
                == shipped_store.query("programmes_page_of_organisation", id=org_id, **part))
