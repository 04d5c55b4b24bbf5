// answers: the programmes that target a municipality (a designated city includes its wards), with their leads
// params: codes
// codes: core.places.covered(municipality)
MATCH (p:Programme)-[t:TARGETS]->(m:Municipality)
WHERE m.code IN $codes
OPTIONAL MATCH (lead:Organisation)-[:LEADS]->(p)
RETURN p.id AS id, p.title AS title, p.kind AS kind, m.code AS code, m.name AS municipality,
       t.text AS area_text, lead.id AS lead_id, lead.name AS lead_name
ORDER BY p.title
