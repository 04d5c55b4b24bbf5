// answers: friend-of-friend candidates for an organisation: organisations two collaboration hops away that are not already its partners, with the partners in between and their degrees (for common neighbours and Adamic-Adar)
// params: id, limit
// Grouped by id, not by node, and with the stored degree (graph/derived.py): both keep a seed next to hubs cheap.
MATCH (o:Organisation {id: $id})-[:COLLABORATES_WITH]-(m:Organisation)-[:COLLABORATES_WITH]-(c:Organisation)
WHERE c.id <> o.id AND NOT EXISTS { MATCH (o)-[:COLLABORATES_WITH]-(c) }
WITH c.id AS id, collect(m.id) AS via, collect(m.name) AS via_names, collect(m.collaborators) AS via_degrees
RETURN id, via, via_names, via_degrees
ORDER BY size(via) DESC, id
LIMIT $limit
