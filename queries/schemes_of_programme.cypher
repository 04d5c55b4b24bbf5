// answers: the schemes (PART_OF) one programme belongs to, found through its key: area_programme_schemes for a few drawn programmes of a big area
// params: programme
MATCH (p:Programme {id: $programme})-[:PART_OF]->(s:Programme)
RETURN DISTINCT s.id AS scheme_id, s.title AS scheme_title
