// answers: every programme targeting any of the given codes, with its leads and how many partner organisations it has, read once for an area page, which orders, counts, lists a page of them and picks the busiest to draw
// params: codes
MATCH (p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
WITH DISTINCT p
OPTIONAL MATCH (lead:Organisation)-[:LEADS]->(p)
WITH p, collect(DISTINCT lead.name) AS leads
OPTIONAL MATCH (partner:Organisation)-[:PARTNER_IN]->(p)
WITH p, leads, count(DISTINCT partner) AS partners
RETURN p.id AS id, p.title AS title, p.kind AS kind, p.period_text AS period_text,
       leads, partners
