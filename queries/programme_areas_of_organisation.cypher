// answers: every place the programmes of an organisation target, in code order (a profile listing a page of a hub's programmes still names all the areas they cover)
// params: id
MATCH (o:Organisation {id: $id})-[:LEADS|PARTNER_IN]->(p:Programme)-[:TARGETS]->(place)
RETURN DISTINCT place.code AS code, place.name AS name
ORDER BY code, name
