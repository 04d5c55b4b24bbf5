// answers: the role evidence behind the suggestions shown: each candidate's memberships in role R with every target area of their programmes; programme, role, source line
// params: ids, role
// Starts from the candidates' keys and only then expands, so that a hub's hundreds
// of other programmes are never joined with every programme there is (OPTIONAL
// MATCH from a bound node expands it; the nulls are then dropped).
UNWIND $ids AS cid
MATCH (c:Organisation {id: cid})
OPTIONAL MATCH (c)-[r:PARTNER_IN]->(p:Programme)
WHERE r.role = $role
WITH c, r, p
WHERE p IS NOT NULL
OPTIONAL MATCH (p)-[:TARGETS]->(place)
RETURN c.id AS id, r.role AS role, p.id AS programme, p.title AS title, r.source AS source,
       place.code AS area_code, place.name AS area_name
