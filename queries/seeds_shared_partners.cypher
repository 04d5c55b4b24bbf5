// answers: the partners an organisation shares with some of its friends of friends (those shown), each with its name and number of collaborators, for the network reason of its suggestions; a partner with more than $cap collaborators is no middle node (tsunagari/suggest/seeds.py)
// params: id, ids, cap
// From the organisation's key to its partners, then only to the candidates asked.
MATCH (o:Organisation {id: $id})-[:COLLABORATES_WITH]-(m:Organisation)-[:COLLABORATES_WITH]-(c:Organisation)
WHERE c.id IN $ids AND m.collaborators > 1 AND m.collaborators <= $cap
RETURN c.id AS id, m.id AS via, m.name AS name, m.collaborators AS degree
