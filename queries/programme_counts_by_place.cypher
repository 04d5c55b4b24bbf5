// answers: how many programmes target each of the given places, for listing the active municipalities of a prefecture
// params: codes
MATCH (p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
RETURN place.code AS code, count(DISTINCT p) AS programmes
