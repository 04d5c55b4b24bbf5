// answers: friend-of-friend candidates for an organisation: organisations two collaboration hops away that are not already its partners, with the partners in between and their degrees (for common neighbours and Adamic-Adar)
// params: id, limit
MATCH (o:Organisation {id: $id})-[:COLLABORATES_WITH]-(m:Organisation)-[:COLLABORATES_WITH]-(c:Organisation)
WHERE c.id <> o.id AND NOT EXISTS { MATCH (o)-[:COLLABORATES_WITH]-(c) }
WITH c, m, COUNT { MATCH (m)-[:COLLABORATES_WITH]-() } AS degree
RETURN c.id AS id, collect(m.id) AS via, collect(m.name) AS via_names, collect(degree) AS via_degrees
ORDER BY size(via) DESC, id
LIMIT $limit
