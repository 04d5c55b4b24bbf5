// answers: every programme targeting any of the given codes, with its leads: area_programme_rows without the partner counts, for a list that is not drawn (a prefecture's own programmes, on each of its municipalities' pages)
// params: codes
MATCH (p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
WITH DISTINCT p
OPTIONAL MATCH (lead:Organisation)-[:LEADS]->(p)
WITH p, collect(DISTINCT lead.name) AS leads
RETURN p.id AS id, p.title AS title, p.kind AS kind, p.period_text AS period_text, leads
