// answers: the programmes an organisation leads or joins, with its roles in each and the areas they target, in a total order (title, then id) that programmes_page_of_organisation pages
// params: id
MATCH (o:Organisation {id: $id})-[r:LEADS|PARTNER_IN]->(p:Programme)
OPTIONAL MATCH (p)-[:TARGETS]->(place)
WITH p, collect(DISTINCT coalesce(r.role, 'lead')) AS roles,
     collect(DISTINCT r.source) AS sources,
     collect(DISTINCT {code: place.code, name: place.name}) AS areas
RETURN p.id AS id, p.title AS title, p.kind AS kind, roles, sources, areas
ORDER BY title, id
