"""Precomputed distance rows (core/geo.py): the suggester's per-scope distances in one pass."""

from __future__ import annotations

import random

from tsunagari.core.geo import Centroids, haversine_km
from tsunagari.core.places import place_table


def test_a_row_gives_distance_km_for_every_place() -> None:
    c = Centroids.from_places(place_table().places())
    codes = c.codes()
    rng = random.Random(4)
    for origin in [*rng.sample(codes, 20), "13", "13112", "99999", None]:
        row = c.distances_from(origin)
        for other in [*codes, "99999"]:
            d = c.distance_km(origin, other)
            assert (d is None) == (other not in row)
            if d is not None:
                assert abs(d - row[other]) < 1e-9
        assert c.distances_from(origin) is row  # kept for the next request


def test_within_is_the_circle_of_exact_distances() -> None:
    c = Centroids.from_places(place_table().places())
    for code in ("13112", "14100", "01100", "47382"):
        origin = c.get(code)
        expected = {o: haversine_km(origin, c.get(o)) for o in c.codes()
                    if len(o) == 5 and haversine_km(origin, c.get(o)) <= 30.0}
        assert c.within(code, 30.0) == expected
    assert c.within("99999", 30.0) == {}
