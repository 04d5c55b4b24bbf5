// answers: the programmes targeting any of the given codes that have the most partner organisations (then by title), at most limit, with the schemes they belong to, for drawing an area's map
// params: codes, limit
MATCH (p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
WITH DISTINCT p
OPTIONAL MATCH (partner:Organisation)-[:PARTNER_IN]->(p)
WITH p, count(DISTINCT partner) AS partners
ORDER BY partners DESC, p.title, p.id
LIMIT $limit
OPTIONAL MATCH (p)-[:PART_OF]->(s:Programme)
RETURN p.id AS id, p.title AS title, partners,
       collect(DISTINCT s.id) AS scheme_ids, collect(DISTINCT s.title) AS scheme_titles
ORDER BY partners DESC, title, id
