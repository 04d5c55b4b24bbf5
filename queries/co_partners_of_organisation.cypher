// answers: the organisations that share a programme with this one, with the role each played there, the department it acted through and the programme as evidence
// params: id
MATCH (o:Organisation {id: $id})-[:LEADS|PARTNER_IN]->(p:Programme)<-[r:LEADS|PARTNER_IN]-(other:Organisation)
WHERE other.id <> o.id
RETURN other.id AS id, other.name AS name, other.sector AS sector,
       coalesce(r.role, 'lead') AS role,
       r.role_text AS role_text, r.department AS department, p.id AS programme_id, p.title AS programme_title, r.source AS source
ORDER BY role, name
