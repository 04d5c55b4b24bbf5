// answers: how many programmes each place's area counts: its own, its prefecture's and a designated city's (its wards' programmes included), each programme once per area, for the map of Japan
// params: none
MATCH (p:Programme)-[:TARGETS]->(place)
WITH p, place.code AS code, place.parent_code AS city
UNWIND [code, left(code, 2), city] AS area
WITH p, area
WHERE area IS NOT NULL
RETURN area AS code, count(DISTINCT p) AS programmes
