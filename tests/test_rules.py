"""The rule report: every role in every municipality with data, and every
organisation, checked against the graph itself."""

from __future__ import annotations

import pytest
from tsunagari.graph import open_store

from tests.suggest_data import load
from tsunagari.cli import main
from tsunagari.suggest.rules import RULES, RuleReport, _check, _Facts, rule_report


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "graph"
    s = open_store(f"embedded:{path}")
    ids = load(s, extra=True)
    yield s, ids, path
    s.close()


def test_the_suggester_breaks_no_rule_on_the_named_dataset(loaded):
    store, _, _ = loaded
    report = rule_report(store)
    assert report.suggestions > 0 and report.questions > 0
    assert {r: report.share(r) for r in RULES} == dict.fromkeys(RULES, 0.0)


def test_each_rule_catches_what_it_names(loaded):
    store, ids, _ = loaded
    facts = _Facts(store)
    report = RuleReport()
    # a category, not an organisation
    _check(report, facts, "t", "generic-0000", "venue", ["13112"], set())
    # a partner of the asker
    _check(report, facts, "t", ids["宗教法人 龍雲寺"], None, ["13112"], {ids["宗教法人 龍雲寺"]})
    # a venue played only in 和歌山市, asked in 世田谷区
    _check(report, facts, "t", ids["JAわかやま"], "venue", ["13112"], set())
    # never a venue at all
    _check(report, facts, "t", ids["東京都"], "venue", ["13112"], set())
    assert report.suggestions == 4
    assert report.broken == {"generic": 1, "already_partner": 1, "beyond_reach": 3, "no_evidence": 2}


def test_evaluate_prints_the_rule_report(loaded, capsys):
    _, _, path = loaded
    assert main(["--store", f"embedded:{path}", "evaluate", "suggestions", "--seeds", "1"]) == 0
    out = capsys.readouterr().out
    assert "rule report" in out and "beyond the role's reach" in out and "hit@10" in out
