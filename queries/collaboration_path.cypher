// answers: who can introduce us: the shortest chain of collaborations (up to 6 hops) between two organisations, with the programmes shared on each hop
// params: from_id, to_id
MATCH p = shortestPath((a:Organisation {id: $from_id})-[:COLLABORATES_WITH*1..6]-(b:Organisation {id: $to_id}))
RETURN [n IN nodes(p) | n.id] AS ids, [n IN nodes(p) | n.name] AS names,
       [r IN relationships(p) | r.programmes] AS programmes
