// answers: every organisation taking part in one programme (its lead included), with its role: memberships_of_programmes for a single id, found through the programme's key (the embedded engine answers a list of ids by scanning every programme)
// params: programme
MATCH (o:Organisation)-[r:LEADS|PARTNER_IN]->(p:Programme {id: $programme})
RETURN o.id AS org_id, o.name AS org_name, o.sector AS sector, o.kind AS org_kind,
       p.id AS programme_id, p.title AS programme_title, p.kind AS programme_kind,
       coalesce(r.role, 'lead') AS role,
       r.role_text AS role_text, r.department AS department, r.source AS source,
       r.quote AS quote
ORDER BY org_id, role
