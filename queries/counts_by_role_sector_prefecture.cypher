// answers: how many partnership edges there are per role, partner sector and prefecture of the programme's target area (null: no target area, e.g. nationwide); an edge whose programme targets two prefectures counts in each
// params: none
MATCH (o:Organisation)-[r:PARTNER_IN]->(p:Programme)
OPTIONAL MATCH (p)-[:TARGETS]->(place)
WITH r, o.sector AS sector, left(place.code, 2) AS prefecture
RETURN r.role AS role, sector, prefecture, count(DISTINCT r) AS edges
ORDER BY role, sector, prefecture
