// answers: municipalities that at least one programme targets, with their full name (prefecture included), kind and parent, for the circles on the map of Japan
// params: none
MATCH (:Programme)-[:TARGETS]->(m:Municipality)
RETURN DISTINCT m.code AS code, m.name AS name, m.full_name AS full_name, m.kind AS kind,
       m.parent_code AS parent_code
ORDER BY code
