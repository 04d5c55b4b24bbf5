"""The embedded store on the real engine: schema, bulk path, upsert path, derived edges."""

import pytest
from tsunagari.graph import GraphRows, StoreError, open_store
from tsunagari.graph.derived import collaborations
from tsunagari.graph.embedded import node_ddl, rel_ddl
from tsunagari.graph.model import NODES, ORGANISATION, REL_BY_NAME


def small_rows() -> GraphRows:
    rows = GraphRows()
    rows.add_node("Prefecture", {"code": "13", "name": "東京都"})
    rows.add_node("Municipality", {"code": "13112", "name": "世田谷区", "prefecture_code": "13",
                                   "parent_code": "13"})
    rows.add_rel("IN", "Municipality", "Prefecture", {"from": "13112", "to": "13"})
    for oid, name in (("org-a", "TanoBa合同会社"), ("org-b", "宗教法人 龍雲寺"), ("org-c", "野沢2丁目町内会")):
        rows.add_node("Organisation", {"id": oid, "name": name, "aliases": [name], "sources": ["d:1"]})
    rows.add_node("Programme", {"id": "p1", "title": "タノバ食堂", "kind": "initiative"})
    rows.add_rel("LEADS", "Organisation", "Programme", {"from": "org-a", "to": "p1", "source": "d:2"})
    rows.add_rel("PARTNER_IN", "Organisation", "Programme",
                 {"from": "org-b", "to": "p1", "role": "venue", "role_text": "会場提供", "source": "d:8"})
    rows.add_rel("PARTNER_IN", "Organisation", "Programme",
                 {"from": "org-c", "to": "p1", "role": "publicity", "source": "d:8"})
    rows.add_rel("PARTNER_IN", "Organisation", "Programme",
                 {"from": "org-c", "to": "p1", "role": "networking", "source": "d:8"})
    rows.add_rel("TARGETS", "Programme", "Municipality", {"from": "p1", "to": "13112", "text": "世田谷区"})
    return rows


def test_ddl_is_derived_from_the_model():
    assert node_ddl(ORGANISATION).startswith("CREATE NODE TABLE IF NOT EXISTS Organisation(id STRING")
    assert "FROM Programme TO Municipality, FROM Programme TO Prefecture" in rel_ddl(REL_BY_NAME["TARGETS"])


def test_bulk_insert_then_upsert_keeps_counts(store):
    store.bulk_insert(small_rows())
    first = store.counts()
    assert first["nodes"] == {"Organisation": 3, "Municipality": 1, "Prefecture": 1, "Programme": 1,
                              "Category": 0, "Answer": 0}
    assert first["relationships"]["PARTNER_IN"] == 3
    assert first["relationships"]["TARGETS"] == 1
    store.upsert(small_rows(), replace_programmes=["p1"])
    assert store.counts() == first


def test_upsert_replaces_a_changed_programmes_edges(store):
    store.bulk_insert(small_rows())
    changed = GraphRows()
    changed.add_node("Programme", {"id": "p1", "title": "タノバ食堂", "kind": "initiative"})
    changed.add_rel("LEADS", "Organisation", "Programme", {"from": "org-a", "to": "p1"})
    store.upsert(changed, replace_programmes=["p1"])
    rels = store.counts()["relationships"]
    assert rels["PARTNER_IN"] == 0 and rels["LEADS"] == 1 and rels["TARGETS"] == 0
    assert rels["IN"] == 1  # edges of other nodes are untouched


def test_derived_collaborations_are_replaced_not_added(store):
    store.bulk_insert(small_rows())
    memberships = store.query("programme_memberships")
    assert sorted((m["org"], m["role"]) for m in memberships) == [
        ("org-a", None), ("org-b", "venue"), ("org-c", "networking"), ("org-c", "publicity")]
    rows = collaborations(memberships)
    assert [(r["from"], r["to"], r["weight"]) for r in rows] == [
        ("org-a", "org-b", 1), ("org-a", "org-c", 1), ("org-b", "org-c", 1)]
    assert rows[2]["roles"] == ["networking", "publicity", "venue"]
    store.replace_derived("COLLABORATES_WITH", rows)
    store.replace_derived("COLLABORATES_WITH", rows)
    assert store.counts()["relationships"]["COLLABORATES_WITH"] == 3


def test_clear_empties_every_table(store):
    store.bulk_insert(small_rows())
    store.clear()
    counts = store.counts()
    assert set(counts["nodes"]) == {n.name for n in NODES}
    assert sum(counts["nodes"].values()) == 0 and sum(counts["relationships"].values()) == 0


def test_names_outside_the_model_are_refused(store):
    rows = GraphRows()
    rows.add_node("Person", {"id": "x"})
    with pytest.raises(ValueError, match="unknown node label"):
        store.bulk_insert(rows)


def test_query_params_are_checked(store):
    with pytest.raises(TypeError, match="takes"):
        store.query("organisation_by_id", name="x")


def test_unknown_store_setting_is_a_clear_error():
    with pytest.raises(StoreError, match="embedded:PATH"):
        open_store("sqlite:///x")


def test_memberships_from_rows_equal_the_stored_ones(store):
    from tsunagari.graph.derived import memberships_of

    rows = small_rows()
    store.bulk_insert(rows)
    def key(m):
        return (m["org"], m["programme"], m["role"] or "")
    assert sorted(memberships_of(rows), key=key) == sorted(store.query("programme_memberships"), key=key)


def test_a_graph_from_an_older_model_gains_the_new_properties(tmp_path):
    import ladybug

    path = tmp_path / "old"
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Organisation(id STRING, name STRING, PRIMARY KEY (id))")
    conn.execute("CREATE (:Organisation {id: 'org-a', name: 'A'})")
    conn.close()
    db.close()
    s = open_store(f"embedded:{path}")
    try:
        rows = s.run("MATCH (o:Organisation) RETURN o.id AS id, o.aliases AS aliases, o.collaborators AS c")
        assert rows == [{"id": "org-a", "aliases": None, "c": None}]
    finally:
        s.close()


def test_rows_are_plain_values_and_labelled_nodes_and_relationships(store):
    store.bulk_insert(small_rows())
    rows = store.run("MATCH (o:Organisation {id: 'org-b'})-[r:PARTNER_IN]->(p:Programme) "
                     "RETURN o.id AS id, o.aliases AS aliases, r.role AS role, o AS o, r AS r, "
                     "{who: o.name, n: 1} AS s")
    assert len(rows) == 1
    row = rows[0]
    assert (row["id"], row["aliases"], row["role"]) == ("org-b", ["宗教法人 龍雲寺"], "venue")
    # nodes and relationships name their label as the Neo4j store does
    assert row["o"]["_label"] == "Organisation" and "_LABEL" not in row["o"]
    assert row["r"]["_label"] == "PARTNER_IN" and row["r"]["role_text"] == "会場提供"
    assert row["s"] == {"who": "宗教法人 龍雲寺", "n": 1}



def test_a_readers_version_changes_with_the_graph_and_only_then(tmp_path):
    """version() (what servers key what they keep by): the same while nothing is
    written, another after a write in place, another after a load points elsewhere."""
    from tsunagari.graph.embedded import EmbeddedStore
    from tsunagari.loaders.records import read_records

    from tests.conftest import RECORDS
    from tsunagari.loading import write_graph

    writer = EmbeddedStore(tmp_path / "g")
    reader = None
    try:
        writer.bulk_insert(small_rows())
        reader = EmbeddedStore(tmp_path / "g", read_only=True)
        first = reader.version()
        assert reader.version() == first == writer.version()
        more = GraphRows()
        more.add_node("Organisation", {"id": "org-d", "name": "区民の会", "aliases": ["区民の会"],
                                       "sources": ["d:9"]})
        writer.upsert(more)  # in place: the same generation, its files changed
        second = reader.version()
        assert second != first and reader.version() == second
        write_graph(writer, read_records([RECORDS]).records[:5], mode="rebuild")  # a new generation
        third = reader.version()
        assert third not in (first, second) and reader.version() == third == writer.version()
    finally:
        if reader is not None:
            reader.close()
        writer.close()
