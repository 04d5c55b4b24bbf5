// answers: the ids of the programmes that target any of the given municipality or prefecture codes, in id order, for exporting an area a batch at a time
// params: codes
MATCH (p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
RETURN DISTINCT p.id AS id
ORDER BY id
