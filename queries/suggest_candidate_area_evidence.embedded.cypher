// answers: the area evidence behind the suggestions shown: each candidate's memberships in programmes that target the given places, with those places; programme, role ('lead' for the implementing body), source line
// params: ids, codes
// The embedded engine names a relationship's type with label(), not type().
// Asked only for candidates whose role evidence is not already at their nearest
// level (tsunagari/suggest.py _add_evidence): every programme of a hub is read.
UNWIND $ids AS cid
MATCH (c:Organisation {id: cid})
OPTIONAL MATCH (c)-[r:LEADS|PARTNER_IN]->(p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
WITH c, r, p, place
WHERE p IS NOT NULL
RETURN c.id AS id, CASE WHEN label(r) = 'LEADS' THEN 'lead' ELSE r.role END AS role,
       p.id AS programme, p.title AS title, r.source AS source,
       place.code AS area_code, place.name AS area_name
