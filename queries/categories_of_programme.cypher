// answers: the participant categories a programme names (企業, 住民, 弁護士 …: kinds of bodies, not organisations), one row per category and role, with the words and source of each
// params: id
MATCH (c:Category)-[r:PARTICIPATES_IN]->(p:Programme {id: $id})
RETURN c.id AS id, c.name AS name, r.role AS role, r.role_text AS role_text, r.group_name AS group_name,
       r.source AS source, r.quote AS quote
ORDER BY c.name, r.role
