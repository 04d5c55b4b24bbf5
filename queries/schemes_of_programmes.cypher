// answers: the schemes (parent programmes) each of the given programmes belongs to, for filtering an export by scheme
// params: ids
MATCH (p:Programme)-[:PART_OF]->(s:Programme)
WHERE p.id IN $ids
RETURN p.id AS id, collect(DISTINCT s.id) AS scheme_ids
