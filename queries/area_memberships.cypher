// answers: every organisation taking part (its lead included) in those of the given programmes that target any of the given codes, with its role and the target code it was reached through: memberships_of_programmes for an area's drawn programmes in one query, reached from the area (the embedded engine answers a bare list of ids by scanning every programme)
// params: codes, ids
MATCH (o:Organisation)-[r:LEADS|PARTNER_IN]->(p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes AND p.id IN $ids
RETURN place.code AS place, o.id AS org_id, o.name AS org_name, o.sector AS sector,
       o.kind AS org_kind, p.id AS programme_id, p.title AS programme_title,
       p.kind AS programme_kind, coalesce(r.role, 'lead') AS role,
       r.role_text AS role_text, r.department AS department, r.source AS source,
       r.quote AS quote
