// answers: the organisations active in any of the given places: a part, leading included, in a programme that targets one, or based in one
// params: codes
MATCH (place:Municipality|Prefecture)<-[:TARGETS]-(:Programme)<-[:LEADS|PARTNER_IN]-(o:Organisation)
WHERE place.code IN $codes AND coalesce(o.kind, '') <> 'generic'
RETURN DISTINCT o.id AS id, o.name AS name
UNION
MATCH (o:Organisation)-[:BASED_IN]->(place:Municipality|Prefecture)
WHERE place.code IN $codes AND coalesce(o.kind, '') <> 'generic'
RETURN DISTINCT o.id AS id, o.name AS name
