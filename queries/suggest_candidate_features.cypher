// answers: the evidence the suggester scores, for many candidates at once: each candidate's memberships (role, programme, life stages, source line, target area) and its number of collaborators
// params: ids
MATCH (c:Organisation)
WHERE c.id IN $ids
OPTIONAL MATCH (c)-[r:LEADS|PARTNER_IN]->(p:Programme)
OPTIONAL MATCH (p)-[:TARGETS]->(place)
RETURN c.id AS id, c.name AS name, c.sector AS sector, c.kind AS kind,
       COUNT { MATCH (c)-[:COLLABORATES_WITH]-() } AS degree,
       CASE WHEN type(r) = 'LEADS' THEN 'lead' ELSE r.role END AS role,
       p.id AS programme, p.title AS title, p.life_stages AS life_stages, r.source AS source,
       place.code AS area_code, place.name AS area_name
