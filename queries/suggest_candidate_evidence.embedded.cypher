// answers: the evidence behind the suggestions shown: each candidate's memberships in role R with every target area of their programmes, and its memberships in programmes that target the given places (with those places); programme, role ('lead' for the implementing body), source line
// params: ids, role, codes
// The embedded engine names a relationship's type with label(), not type().
// Each part starts from the candidates' keys and only then expands, so that a hub's
// hundreds of other programmes are never joined with every programme there is
// (OPTIONAL MATCH from a bound node expands it; the nulls are then dropped).
UNWIND $ids AS cid
MATCH (c:Organisation {id: cid})
OPTIONAL MATCH (c)-[r:PARTNER_IN]->(p:Programme)
WHERE r.role = $role
WITH c, r, p
WHERE p IS NOT NULL
OPTIONAL MATCH (p)-[:TARGETS]->(place)
RETURN c.id AS id, r.role AS role, p.id AS programme, p.title AS title, r.source AS source,
       place.code AS area_code, place.name AS area_name
UNION ALL
UNWIND $ids AS cid
MATCH (c:Organisation {id: cid})
OPTIONAL MATCH (c)-[r:LEADS|PARTNER_IN]->(p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
WITH c, r, p, place
WHERE p IS NOT NULL
RETURN c.id AS id, CASE WHEN label(r) = 'LEADS' THEN 'lead' ELSE r.role END AS role,
       p.id AS programme, p.title AS title, r.source AS source,
       place.code AS area_code, place.name AS area_name
