// answers: the names of places by code, as shown to people (municipalities with their prefecture: 東京都八王子市)
// params: codes
MATCH (place:Municipality|Prefecture)
WHERE place.code IN $codes
RETURN place.code AS code, coalesce(place.full_name, place.name) AS label
ORDER BY code
