// answers: the evidence of one partnership fact: organisation O played role R in programme P; the edge's words, department, source line and quoted sentence, with the programme's title and source
// params: programme, org, role
MATCH (o:Organisation {id: $org})-[r:PARTNER_IN]->(p:Programme {id: $programme})
WHERE r.role = $role
RETURN o.id AS org_id, o.name AS org_name, p.id AS programme_id, p.title AS programme_title,
       p.source AS programme_source, r.role AS role, r.role_text AS role_text,
       r.department AS department, r.mention AS mention, r.source AS source, r.line AS line,
       r.quote AS quote
