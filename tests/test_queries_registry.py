from pathlib import Path

import pytest
from tsunagari.queries import QueryError, Registry, registry


def test_header_needs_answers_and_params(tmp_path: Path):
    (tmp_path / "a.cypher").write_text("// params: none\nRETURN 1 AS one\n")
    with pytest.raises(QueryError, match="header needs"):
        Registry(tmp_path)


def test_header_params_must_match_the_text(tmp_path: Path):
    (tmp_path / "a.cypher").write_text("// answers: x\n// params: id\nMATCH (n) WHERE n.id = $key RETURN n\n")
    with pytest.raises(QueryError, match="header params"):
        Registry(tmp_path)


def test_embedded_variant_needs_a_neo4j_query(tmp_path: Path):
    (tmp_path / "b.embedded.cypher").write_text("// answers: x\n// params: none\nRETURN 1\n")
    with pytest.raises(QueryError, match="without a Neo4j query"):
        Registry(tmp_path)


def test_unknown_query_name_lists_the_known_ones():
    with pytest.raises(QueryError, match="search_organisations"):
        registry().get("no_such_query")


def test_an_embedded_text_needs_a_declared_dialect_difference(tmp_path: Path):
    (tmp_path / "c.cypher").write_text("// answers: x\n// params: none\nRETURN 1 AS one\n")
    (tmp_path / "c.embedded.cypher").write_text("// answers: x\n// params: none\nRETURN 1 AS one\n")
    with pytest.raises(QueryError, match="no dialect difference is declared"):
        Registry(tmp_path)


def test_a_query_is_sent_without_its_header_lines(tmp_path: Path):
    (tmp_path / "d.cypher").write_text(
        "// answers: x\n// params: id\nMATCH (n {id: $id})\n  // the one node\nRETURN n.name AS name // its name\n")
    from tsunagari.queries import Dialect

    q = Registry(tmp_path).get("d")
    for dialect in Dialect:
        # whole comment lines go; a comment after code stays (the engines read it)
        assert q.text(dialect) == "MATCH (n {id: $id})\nRETURN n.name AS name // its name\n"
    assert q.neo4j.startswith("// answers: x")  # the file's text is kept as written
