// answers: every organisation taking part in the given programmes (leads included), with its role, for drawing a collaboration network
// params: ids
MATCH (o:Organisation)-[r:LEADS|PARTNER_IN]->(p:Programme)
WHERE p.id IN $ids
RETURN o.id AS org_id, o.name AS org_name, o.sector AS sector, o.kind AS org_kind,
       p.id AS programme_id, p.title AS programme_title, p.kind AS programme_kind,
       coalesce(r.role, 'lead') AS role,
       r.role_text AS role_text, r.department AS department, r.source AS source,
       r.quote AS quote
ORDER BY programme_id, org_id, role
