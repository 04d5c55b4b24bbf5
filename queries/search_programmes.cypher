// answers: programmes whose title contains the search text, shortest titles first
// params: q, limit
MATCH (p:Programme)
WHERE p.title CONTAINS $q
RETURN p.id AS id, p.title AS title, p.kind AS kind
ORDER BY size(p.title), p.title
LIMIT $limit
