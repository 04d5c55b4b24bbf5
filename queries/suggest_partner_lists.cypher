// answers: for some organisations (a seed's partners), their name, number of collaborators and the ids of those collaborators (derived on every load), from which the suggester counts friends of friends and their common neighbours
// params: ids
// One key lookup per id; two COLLABORATES_WITH hops through hubs cost the engine more than these lists.
UNWIND $ids AS mid
MATCH (m:Organisation {id: mid})
RETURN m.id AS id, m.name AS name, m.collaborators AS degree, m.partners AS partners
