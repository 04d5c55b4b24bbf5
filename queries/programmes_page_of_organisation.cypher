// answers: one page of programmes_of_organisation (GET /organisations/{id} lists a national hub's 9,086 programmes by pages): only those it leads when $part is 'led', only those it joins without leading when 'joined', all when '', in the same total order (title, then id)
// params: id, part, offset, limit
// The page is cut before the areas are read: a hub's programmes target thousands of places.
MATCH (o:Organisation {id: $id})-[r:LEADS|PARTNER_IN]->(p:Programme)
WITH p, collect(DISTINCT coalesce(r.role, 'lead')) AS roles, collect(DISTINCT r.source) AS sources
WITH p, roles, sources, 'lead' IN roles AS led
WHERE $part = '' OR led = ($part = 'led')
WITH p, roles, sources
ORDER BY p.title, p.id
SKIP $offset LIMIT $limit
OPTIONAL MATCH (p)-[:TARGETS]->(place)
WITH p, roles, sources, collect(DISTINCT {code: place.code, name: place.name}) AS areas
RETURN p.id AS id, p.title AS title, p.kind AS kind, roles, sources, areas
ORDER BY title, id
