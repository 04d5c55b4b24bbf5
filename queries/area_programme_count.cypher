// answers: how many programmes target any of the given municipality or prefecture codes
// params: codes
MATCH (p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
RETURN count(DISTINCT p) AS programmes
