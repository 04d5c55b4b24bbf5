// answers: the area evidence behind the suggestions shown: each candidate's memberships in programmes that target the given places, with those places; programme, role ('lead' for the implementing body), source line (a candidate with none gets one row whose programme is null)
// params: ids, codes
// Asked only for candidates whose role evidence is not already at their nearest
// level (tsunagari/suggest.py _add_evidence): every programme of a hub is read.
// The caller drops the null rows: a WITH … WHERE p IS NOT NULL here costs the
// embedded engine about a fifth more.
UNWIND $ids AS cid
MATCH (c:Organisation {id: cid})
OPTIONAL MATCH (c)-[r:LEADS|PARTNER_IN]->(p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
RETURN c.id AS id, CASE WHEN r IS NULL THEN NULL ELSE coalesce(r.role, 'lead') END AS role,
       p.id AS programme, p.title AS title, r.source AS source,
       place.code AS area_code, place.name AS area_name
