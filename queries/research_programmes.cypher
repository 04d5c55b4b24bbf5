// answers: every programme with its attributes, the programmes it is part of (scheme or platform) and the places it targets, for filtering research graphs by scheme, area and period
// params: none
MATCH (p:Programme)
OPTIONAL MATCH (p)-[:PART_OF]->(s:Programme)
WITH p, collect(DISTINCT s.id) AS part_of
OPTIONAL MATCH (p)-[:TARGETS]->(place)
RETURN p.id AS id, p.title AS title, p.kind AS kind, p.collaboration_type AS collaboration_type,
       p.period_text AS period_text, p.period_start AS period_start, p.period_end AS period_end,
       p.url AS url, p.national AS national, p.source AS source, part_of,
       collect(DISTINCT place.code) AS target_codes
ORDER BY id
