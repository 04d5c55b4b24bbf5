"""Initiatives several documents describe are one programme; look-alikes stay apart."""

import pytest
from tsunagari.loaders.project import ProgrammeOverridesError, load_programme_overrides


def test_the_shipped_overrides_make_subaco_one_programme(shipped_store):
    rows = shipped_store.run(
        "MATCH (p:Programme) WHERE p.title CONTAINS 'SUBACO' "
        "OPTIONAL MATCH (o:Organisation)-[:LEADS]->(p) RETURN p.id AS id, p.source AS source, o.name AS lead")
    assert len(rows) == 1
    assert rows[0]["id"] == "model_projects-001-3866" and rows[0]["lead"] == "特定非営利活動法人 抱樸"
    assert "001_1143c6004f43cb1f.txt:3866" in rows[0]["source"]
    assert "002_8caa7d252caeed8c.txt:573" in rows[0]["source"]


def test_the_shipped_overrides_decide_every_look_alike():
    from tsunagari.loaders.records import read_records

    from tests.conftest import RECORDS
    from tsunagari.commands.info import same_initiative_candidates

    overrides = load_programme_overrides()
    assert overrides.same_as["policy_slides-002-0573"] == "model_projects-001-3866"
    assert same_initiative_candidates(read_records([RECORDS]).records) == []


@pytest.mark.parametrize("text, message", [
    ('[[same]]\nids = ["a"]\n', "two record ids"),
    ('[[same]]\nids = ["a", "b"]\n[[same]]\nids = ["b", "c"]\n', "already in another entry"),
    ('[[same]]\nids = ["a", "b"]\n[[different]]\nids = ["a", "b"]\n', "makes some of"),
    ('[[alike]]\nids = ["a", "b"]\n', "unknown table"),
    ("[[same]\n", "not valid TOML"),
])
def test_bad_overrides_name_the_file_and_entry(tmp_path, text, message):
    path = tmp_path / "programme_overrides.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProgrammeOverridesError, match=message) as err:
        load_programme_overrides(path)
    assert str(path) in str(err.value)
