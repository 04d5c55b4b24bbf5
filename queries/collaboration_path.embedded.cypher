// answers: who can introduce us: the shortest chain of collaborations (up to 6 hops) between two organisations, with the programmes shared on each hop
// params: from_id, to_id
// The embedded engine has no shortestPath() and no list comprehensions: SHORTEST and properties() instead.
MATCH p = (a:Organisation {id: $from_id})-[:COLLABORATES_WITH* SHORTEST 1..6]-(b:Organisation {id: $to_id})
RETURN properties(nodes(p), 'id') AS ids, properties(nodes(p), 'name') AS names,
       properties(rels(p), 'programmes') AS programmes
LIMIT 1
