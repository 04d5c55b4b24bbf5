"""The Cypher check: Neo4j's own analyser (npm, run by node) against graph/model.py.

These tests run the real analyser. They need `node` and the npm install; without
them they fail (CI installs both), they are never skipped.
"""

from __future__ import annotations

import importlib.util
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from tsunagari.graph.model import NODES, RELATIONSHIPS, STATUS_LABEL

from tsunagari.cypher_check import (
    TOOL_DIR,
    CypherCheckError,
    build_schema,
    collect_queries,
    run_check,
)

NOT_PRESENT = (
    " is not present in the database. Make sure you didn't misspell it or that it is "
    "available when you run this statement in your application"
)

GOOD = {
    "partners": (
        "// answers: who partners in which programme\n"
        "// params: id\n"
        "MATCH (o:Organisation {id: $id})-[r:PARTNER_IN]->(p:Programme) "
        "RETURN o.name, r.role, p.title"
    ),
    "builtins": (
        "MATCH (o:Organisation) WHERE toLower(o.name) CONTAINS toLower($q) "
        "RETURN coalesce(o.legal_form, '') AS form, count(*) AS n, collect(o.name) AS names"
    ),
    "japanese_literal": (
        "MATCH (o:Organisation)-[:BASED_IN]->(m:Municipality {code: '13112'}) "
        "WHERE o.name CONTAINS '社会福祉協議会' RETURN o.name"
    ),
    "bounded_shortest_path": (
        "MATCH path = shortestPath((a:Organisation {id: $a})-[:COLLABORATES_WITH*..4]-"
        "(b:Organisation {id: $b})) RETURN [n IN nodes(path) | n.name] AS names"
    ),
    # The package reads `row.org_id` inside a node pattern as a key of `o`;
    # check.mjs must not let that false report fail a batch load.
    "row_fields_in_pattern": (
        "UNWIND $rows AS row MATCH (o:Organisation {id: row.org_id}) "
        "MATCH (p:Programme {id: row.programme_id}) "
        "MERGE (o)-[r:PARTNER_IN {role: row.role}]->(p) SET r.role_text = row.text"
    ),
    "constraint": (
        "CREATE CONSTRAINT organisation_id IF NOT EXISTS "
        "FOR (n:Organisation) REQUIRE n.id IS UNIQUE"
    ),
}

BAD = {
    "unknown_label": "MATCH (x:Organization) RETURN x",
    "unknown_function": "RETURN toLowerCase('a')",
    "unknown_namespaced_function": "RETURN foo.bar(1)",
    "apoc_function": "MATCH (o:Organisation) RETURN apoc.text.clean(o.name)",
    "syntax_error": "// header\nMATCH (o:Organisation\nRETURN o",
    "unknown_rel_type": "MATCH (o:Organisation)-[:PARTNERS_IN]->(p:Programme) RETURN p.title",
    "unknown_property": "MATCH (o:Organisation) RETURN o.nmae",
    "wrong_direction": "MATCH (p:Programme)-[:LEADS]->(o:Organisation) RETURN o.name",
    "unknown_key_of_node_in_pattern": (
        "MATCH (p:Programme) MATCH (o:Organisation {id: p.org_id}) RETURN o.name"
    ),
    "undefined_variable": "MATCH (o:Organisation) RETURN p",
}


@pytest.fixture(scope="module")
def analyser() -> None:
    """The tests that take this fixture run node: marked ``node`` (make test-fast skips them)."""
    if shutil.which("node") is None:
        pytest.fail("node is not on PATH: the Cypher check needs Node.js")
    if not (TOOL_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail("tools/cypher-check/node_modules is missing: run "
                    "`npm ci --prefix tools/cypher-check`")


@pytest.fixture(scope="module")
def reports(analyser: None) -> dict[str, tuple[bool, list[str]]]:
    # Two node runs (each loads the analyser, about a second) side by side keep
    # the file fast; each query's own lines are asserted below.
    schema = build_schema()
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {
            name: pool.submit(run_check, list(queries.items()), schema)
            for name, queries in (("good", GOOD), ("bad", BAD))
        }
        return {
            name: (ok, output.splitlines())
            for name, (ok, output) in ((n, f.result()) for n, f in runs.items())
        }


@pytest.fixture(scope="module")
def bad_report(reports: dict[str, tuple[bool, list[str]]]) -> tuple[bool, list[str]]:
    return reports["bad"]


def lines_for(lines: list[str], name: str) -> list[str]:
    return [line for line in lines if line.startswith(name + ":")]


def test_build_schema_declares_the_model() -> None:
    schema = build_schema()
    assert schema["labels"][:4] == ["Organisation", "Municipality", "Prefecture", "Programme"]
    # the model's labels, then Neo4j's load-status marker
    assert schema["labels"] == [n.name for n in NODES] + [STATUS_LABEL]
    assert schema["relationshipTypes"] == [
        "LEADS", "PARTNER_IN", "PARTICIPATES_IN", "PART_OF", "TARGETS", "BASED_IN", "GOVERNS", "IN",
        "COLLABORATES_WITH",
    ]
    assert schema["relationshipTypes"] == [r.name for r in RELATIONSHIPS]
    assert {"id", "name", "role", "role_text", "amount_yen", "weight", "code"} <= set(
        schema["propertyKeys"]
    )
    assert {"from": "Municipality", "to": "Prefecture", "relType": "IN"} in schema["graphSchema"]
    assert {"from": "Category", "to": "Programme", "relType": "PARTICIPATES_IN"} in schema["graphSchema"]
    assert len(schema["graphSchema"]) == 13
    assert schema["defaultLanguage"] == "CYPHER 5"


@pytest.mark.node
def test_good_queries_pass(reports: dict[str, tuple[bool, list[str]]]) -> None:
    ok, lines = reports["good"]
    assert lines == ["cypher-check: 6 queries, 0 diagnostics"]
    assert ok is True


@pytest.mark.node
def test_bad_queries_fail(bad_report: tuple[bool, list[str]]) -> None:
    ok, lines = bad_report
    assert ok is False
    assert lines[-1] == "cypher-check: 10 queries, 14 diagnostics"
    assert len(lines) == 15
    for name in BAD:
        assert lines_for(lines, name), f"{name} was not reported"


@pytest.mark.node
def test_unknown_label(bad_report: tuple[bool, list[str]]) -> None:
    assert lines_for(bad_report[1], "unknown_label") == [
        "unknown_label:1:10: warning: Label Organization" + NOT_PRESENT
    ]


@pytest.mark.node
def test_unknown_functions(bad_report: tuple[bool, list[str]]) -> None:
    lines = bad_report[1]
    assert lines_for(lines, "unknown_function") == [
        "unknown_function:1:8: error: Function toLowerCase" + NOT_PRESENT
    ]
    assert lines_for(lines, "unknown_namespaced_function") == [
        "unknown_namespaced_function:1:8: error: Function foo.bar" + NOT_PRESENT
    ]
    assert lines_for(lines, "apoc_function") == [
        "apoc_function:1:31: error: Function apoc.text.clean" + NOT_PRESENT
    ]


@pytest.mark.node
def test_syntax_error_points_into_the_file(bad_report: tuple[bool, list[str]]) -> None:
    assert lines_for(bad_report[1], "syntax_error")[0] == (
        "syntax_error:3:1: error: Invalid input 'RETURN': expected a parameter, "
        "'&', ')', ':', 'WHERE', '{' or '|'"
    )


@pytest.mark.node
def test_unknown_relationship_type(bad_report: tuple[bool, list[str]]) -> None:
    assert (
        "unknown_rel_type:1:26: warning: Relationship type PARTNERS_IN" + NOT_PRESENT
        in lines_for(bad_report[1], "unknown_rel_type")
    )


@pytest.mark.node
def test_unknown_property_and_pattern_against_model(
    bad_report: tuple[bool, list[str]],
) -> None:
    lines = bad_report[1]
    assert lines_for(lines, "unknown_property") == [
        "unknown_property:1:33: warning: nmae" + NOT_PRESENT
    ]
    assert lines_for(lines, "unknown_key_of_node_in_pattern") == [
        "unknown_key_of_node_in_pattern:1:50: warning: org_id" + NOT_PRESENT
    ]
    assert lines_for(lines, "wrong_direction") == [
        "wrong_direction:1:7: warning: [:LEADS] has no incoming (:Programme)",
        "wrong_direction:1:20: warning: (:Organisation) has no incoming [:LEADS]",
    ]
    assert lines_for(lines, "undefined_variable") == [
        "undefined_variable:1:31: error: Variable `p` not defined"
    ]


def test_collect_queries_leaves_out_embedded_dialect(tmp_path) -> None:
    queries = tmp_path / "queries"
    queries.mkdir()
    text = "// answers: x\n// params: id\nMATCH (o:Organisation {id: $id}) RETURN o.name\n"
    (queries / "x.cypher").write_text(text, encoding="utf-8")
    (queries / "x.embedded.cypher").write_text("MATCH (o:Organisation) RETURN o", encoding="utf-8")
    (queries / "notes.txt").write_text("not a query", encoding="utf-8")
    assert collect_queries(tmp_path, include_store=False) == [("queries/x.cypher", text)]


def test_collect_queries_adds_the_store_statements(tmp_path) -> None:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "x.cypher").write_text("RETURN 1", encoding="utf-8")
    if importlib.util.find_spec("graph.neo4j_store") is None:
        with pytest.raises(CypherCheckError, match="graph.neo4j_store does not exist yet"):
            collect_queries(tmp_path)
        return
    from tsunagari.graph.neo4j_store import all_statements

    collected = collect_queries(tmp_path)
    assert collected[0] == ("queries/x.cypher", "RETURN 1")
    assert collected[1:] == all_statements()
    assert len(collected) > 1
