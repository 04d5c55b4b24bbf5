// answers: co_partners_of_organisation in the total order of co_partners_page_of_organisation (role, name, programme, id, then the membership's own fields): GET /organisations/{id} cuts the page of an organisation with few collaborators from it, at one query's cost (the page query's SKIP and LIMIT are planned again on every call)
// params: id
MATCH (o:Organisation {id: $id})-[:LEADS|PARTNER_IN]->(p:Programme)<-[r:LEADS|PARTNER_IN]-(other:Organisation)
WHERE other.id <> o.id
RETURN other.id AS id, other.name AS name, other.sector AS sector,
       coalesce(r.role, 'lead') AS role,
       r.role_text AS role_text, r.department AS department, p.id AS programme_id, p.title AS programme_title, r.source AS source
ORDER BY role, name, programme_id, id, department, role_text, source
