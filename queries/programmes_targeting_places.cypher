// answers: the programmes that target any of the given municipality or prefecture codes, with their leads and the schemes they belong to
// params: codes
MATCH (p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
WITH DISTINCT p
OPTIONAL MATCH (lead:Organisation)-[:LEADS]->(p)
OPTIONAL MATCH (p)-[:PART_OF]->(s:Programme)
RETURN p.id AS id, p.title AS title, p.kind AS kind, p.period_text AS period_text,
       collect(DISTINCT lead.name) AS leads, collect(DISTINCT s.id) AS scheme_ids,
       collect(DISTINCT s.title) AS scheme_titles
ORDER BY title
