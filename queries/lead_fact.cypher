// answers: the evidence that organisation O implements (leads) programme P: the edge's source line, with the programme's title and source
// params: programme, org
MATCH (o:Organisation {id: $org})-[r:LEADS]->(p:Programme {id: $programme})
RETURN o.id AS org_id, o.name AS org_name, p.id AS programme_id, p.title AS programme_title,
       p.source AS programme_source, r.source AS source
