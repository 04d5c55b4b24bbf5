// answers: the collaboration network of a municipality, designated city or prefecture: pairs of organisations that share programmes targeting it, with those programmes and the roles each played; codes: the places the area covers (core.places.covered)
// params: codes
MATCH (p:Programme)-[:TARGETS]->(place)
WHERE place.code IN $codes
WITH DISTINCT p
MATCH (a:Organisation)-[ra:LEADS|PARTNER_IN]->(p)<-[rb:LEADS|PARTNER_IN]-(b:Organisation)
WHERE a.id < b.id AND coalesce(a.kind, '') <> 'generic' AND coalesce(b.kind, '') <> 'generic'
WITH a, b, p,
     coalesce(ra.role, 'lead') AS a_role,
     coalesce(rb.role, 'lead') AS b_role
RETURN a.id AS a_id, a.name AS a_name, a.sector AS a_sector,
       b.id AS b_id, b.name AS b_name, b.sector AS b_sector,
       collect(DISTINCT p.id) AS programmes, collect(DISTINCT a_role) AS a_roles,
       collect(DISTINCT b_role) AS b_roles
ORDER BY size(programmes) DESC, a_name, b_name
