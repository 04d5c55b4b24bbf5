// answers: one page of the programmes targeting any of the given codes (none of except_codes), in title order, with their leads and how many partners they have, for an area's programme list
// params: codes, except_codes, skip, limit
MATCH (p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
WITH DISTINCT p
OPTIONAL MATCH (p)-[:TARGETS]->(other)
WHERE other.code IN $except_codes
WITH p, count(other) AS excluded
WHERE excluded = 0
WITH p
ORDER BY p.title, p.id
SKIP $skip
LIMIT $limit
OPTIONAL MATCH (lead:Organisation)-[:LEADS]->(p)
OPTIONAL MATCH (partner:Organisation)-[:PARTNER_IN]->(p)
RETURN p.id AS id, p.title AS title, p.kind AS kind, p.period_text AS period_text,
       collect(DISTINCT lead.name) AS leads, count(DISTINCT partner) AS partners
ORDER BY title, id
