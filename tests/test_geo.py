"""Municipality centroids from the JpGeocode package, mapped to JIS codes."""

from __future__ import annotations

import pytest
from tsunagari.core.geo import Centroids, LatLng, haversine_km
from tsunagari.core.places import place_table


@pytest.fixture(scope="module")
def geo() -> Centroids:
    return Centroids.from_places(place_table().places())


def test_every_municipality_ward_and_prefecture_has_a_centroid(geo):
    missing = [p.code for p in place_table().places() if p.code not in geo]
    assert missing == []


def test_distances_between_places(geo):
    assert geo.distance_km("13112", "13112") == 0.0
    assert 25 < geo.distance_km("13112", "13201") < 35  # 世田谷区 – 八王子市
    assert 800 < geo.distance_km("13112", "40100") < 900  # 世田谷区 – 北九州市
    assert geo.distance_km("13112", "99999") is None
    # a ward of a designated city stands at its city's centroid
    assert geo.get("14101") == geo.get("14100")
    assert geo.distance_km("14101", "14102") == 0.0


def test_within_lists_nearby_municipalities_of_other_prefectures(geo):
    near = geo.within("13112", 30)
    assert "14130" in near and "13201" not in near  # 川崎市 13.7 km; 八王子市 30.6 km
    assert all(d <= 30 for d in near.values())


def test_renamed_and_variant_names_are_found():
    table = {"兵庫県,篠山市": LatLng(35.07, 135.22)}
    from tsunagari.core.places import Place
    places = [Place("28", "兵庫県", "兵庫県", "prefecture", "28", None),
              Place("28221", "丹波篠山市", "兵庫県丹波篠山市", "city", "28", "28")]
    geo = Centroids.from_places(places, table)
    assert geo.get("28221") == LatLng(35.07, 135.22) and geo.get("28") == LatLng(35.07, 135.22)


def test_haversine_is_symmetric_and_zero_on_itself():
    a, b = LatLng(35.0, 139.0), LatLng(34.0, 135.0)
    assert haversine_km(a, a) == 0
    assert haversine_km(a, b) == pytest.approx(haversine_km(b, a))
