// answers: one page of co_partners_of_organisation (GET /organisations/{id} lists a national hub's 118,945 partnerships by pages), only role $role unless it is '', in a total order (role, name, programme, id, then the membership's own fields) so that pages neither repeat nor skip a row
// params: id, role, offset, limit
MATCH (o:Organisation {id: $id})-[:LEADS|PARTNER_IN]->(p:Programme)<-[r:LEADS|PARTNER_IN]-(other:Organisation)
WHERE other <> o AND ($role = '' OR coalesce(r.role, 'lead') = $role)
RETURN other.id AS id, other.name AS name, other.sector AS sector,
       coalesce(r.role, 'lead') AS role,
       r.role_text AS role_text, r.department AS department, p.id AS programme_id, p.title AS programme_title, r.source AS source
ORDER BY role, name, programme_id, id, department, role_text, source
SKIP $offset LIMIT $limit
