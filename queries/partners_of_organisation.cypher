// answers: the organisations that share a programme with this one, one row per partner and role they played ('lead' for a programme's implementing body), optionally only role R ('' for every role), with the programmes and source lines as evidence; generic bodies are left out
// params: id, role
MATCH (o:Organisation {id: $id})-[:LEADS|PARTNER_IN]->(p:Programme)<-[r:LEADS|PARTNER_IN]-(other:Organisation)
WHERE other.id <> o.id AND coalesce(other.kind, '') <> 'generic'
WITH other, p, r, coalesce(r.role, 'lead') AS role
WHERE $role = '' OR role = $role
RETURN other.id AS id, other.name AS name, other.sector AS sector, role,
       collect(DISTINCT p.id) AS programmes, collect(DISTINCT r.source) AS sources
ORDER BY role, name, id
