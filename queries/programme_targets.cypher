// answers: every (programme, targeted place code) pair, for counting activity per prefecture and municipality
// params: none
MATCH (p:Programme)-[:TARGETS]->(place)
RETURN p.id AS programme_id, place.code AS code
