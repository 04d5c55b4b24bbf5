// answers: every membership of an organisation in a programme with the facts behind a reason: role ('lead' for the implementing body), programme title, source line, department and quoted sentence, for deriving the stored suggestion answers
// params: none
MATCH (c:Organisation)-[r:LEADS|PARTNER_IN]->(p:Programme)
RETURN c.id AS id, coalesce(r.role, 'lead') AS role, p.id AS programme, p.title AS title,
       r.source AS source, r.department AS department, r.quote AS quote
