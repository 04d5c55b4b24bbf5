// answers: the role evidence behind the suggestions shown: each candidate's memberships in the roles asked with every target area of their programmes; programme, role, source line, department and quoted sentence (a candidate with none gets one row whose programme is null)
// params: ids, roles
// Starts from the candidates' keys and only then expands, so that a hub's hundreds
// of other programmes are never joined with every programme there is (OPTIONAL
// MATCH from a bound node expands it). The caller drops the null rows: filtering
// them here (WITH … WHERE p IS NOT NULL) makes the embedded engine plan the
// target areas worse, about twice the time.
UNWIND $ids AS cid
MATCH (c:Organisation {id: cid})
OPTIONAL MATCH (c)-[r:PARTNER_IN]->(p:Programme)
WHERE r.role IN $roles
OPTIONAL MATCH (p)-[:TARGETS]->(place)
RETURN c.id AS id, r.role AS role, p.id AS programme, p.title AS title, r.source AS source,
       r.department AS department, r.quote AS quote, place.code AS area_code, place.name AS area_name
