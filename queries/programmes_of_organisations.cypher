// answers: the ids of the programmes that any of the given organisations leads or joins (one step of an ego network)
// params: ids
MATCH (o:Organisation)-[:LEADS|PARTNER_IN]->(p:Programme)
WHERE o.id IN $ids
RETURN DISTINCT p.id AS id
ORDER BY id
