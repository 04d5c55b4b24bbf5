// answers: the programmes that target any of the given municipality or prefecture codes, with their leads, the schemes they belong to and how many partner organisations they have
// params: codes
MATCH (p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
WITH DISTINCT p
OPTIONAL MATCH (lead:Organisation)-[:LEADS]->(p)
OPTIONAL MATCH (p)-[:PART_OF]->(s:Programme)
OPTIONAL MATCH (partner:Organisation)-[:PARTNER_IN]->(p)
RETURN p.id AS id, p.title AS title, p.kind AS kind, p.period_text AS period_text,
       collect(DISTINCT lead.name) AS leads, collect(DISTINCT s.id) AS scheme_ids,
       collect(DISTINCT s.title) AS scheme_titles, count(DISTINCT partner) AS partners
ORDER BY title
