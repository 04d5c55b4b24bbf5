// answers: how many programmes target any of the given codes and none of except_codes (a prefecture's own programmes beyond those a municipality lists)
// params: codes, except_codes
MATCH (p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
WITH DISTINCT p
OPTIONAL MATCH (p)-[:TARGETS]->(other)
WHERE other.code IN $except_codes
WITH p, count(other) AS excluded
WHERE excluded = 0
RETURN count(p) AS programmes
