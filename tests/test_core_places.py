"""core.places: names of places and the one rule of which places an area covers."""

from __future__ import annotations

import pytest
from tsunagari.core.places import covered, covering, covers, label_of, place_table, prefecture_of


def test_labels_name_the_prefecture_and_the_city_of_a_ward() -> None:
    assert label_of("13201") == "東京都八王子市"
    assert label_of("13") == "東京都"
    assert label_of("01102") == "北海道札幌市北区"
    assert label_of("01100") == "北海道札幌市"
    assert label_of("99999") == "99999"  # unknown codes are shown, not invented


def test_prefecture_of_a_place() -> None:
    assert prefecture_of("13112") == "13"
    assert prefecture_of("14") == "14"
    assert prefecture_of("99999") is None


@pytest.mark.parametrize(("area", "place", "expected"), [
    ("13", "13112", True),  # a prefecture covers its municipalities
    ("13", "13", True),
    ("13112", "13112", True),
    ("13112", "13", False),  # a municipality does not cover its prefecture
    ("13112", "13113", False),
    ("01100", "01102", True),  # a designated city covers its wards
    ("01102", "01100", False),
    ("01102", "01101", False),  # nor a ward its sibling
    ("14", "01102", False),
])
def test_covers(area: str, place: str, expected: bool) -> None:
    assert covers(area, place) is expected


def test_covered_and_covering_are_one_rule() -> None:
    table = place_table()
    for area in ("13", "01100", "14130", "13112", "27"):
        inside = covered(area)
        assert inside[0] == area and len(set(inside)) == len(inside)
        assert set(inside) == {p.code for p in table.places() if covers(area, p.code)}


def test_covering_takes_the_graph_s_own_parents() -> None:
    """The graph's places may be any; its Municipality.parent_code is passed in."""
    parents = {"90101": "90100"}
    assert covering("90101", parents.get) == {"90101", "90100", "90"}
    assert covering("90102", parents.get) == {"90102", "90"}
