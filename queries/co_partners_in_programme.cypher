// answers: co_partners_of_organisation within one of its programmes (an organisation page in more programmes than it lists reads those of the programmes listed, one by one): the organisations that share it, with the role each played there, the department it acted through and the programme as evidence
// params: id, programme
// Through the programme's key: the embedded engine answers a list of programme ids by scanning every partnership.
MATCH (p:Programme {id: $programme})<-[r:LEADS|PARTNER_IN]-(other:Organisation)
WHERE other.id <> $id
RETURN other.id AS id, other.name AS name, other.sector AS sector,
       coalesce(r.role, 'lead') AS role,
       r.role_text AS role_text, r.department AS department, p.id AS programme_id, p.title AS programme_title, r.source AS source
