// answers: the schemes (PART_OF) of the programmes targeting any of the given codes, one row per programme and scheme, for an area's map and its scheme filter
// params: codes
MATCH (s:Programme)<-[:PART_OF]-(p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
RETURN DISTINCT p.id AS id, s.id AS scheme_id, s.title AS scheme_title
