// answers: the codes of the areas each programme targets, for deriving the organisations' summaries; programmes without a target area are left out
// params: none
MATCH (p:Programme)-[:TARGETS]->(place)
RETURN p.id AS id, collect(place.code) AS codes
