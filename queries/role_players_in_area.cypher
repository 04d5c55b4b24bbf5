// answers: who has played role R ('' for any role) in programmes of an area, nearest first: level 0 in the area itself (a designated city or prefecture includes its wards or municipalities), 1 elsewhere in the same designated city, 2 elsewhere in the prefecture, 3 anywhere else or nationwide; with the programmes and source lines as evidence
// params: role, area_codes, city_codes, prefecture_codes, limit
// the codes: core.places.covered(area), of its designated city ([] when none) and of its prefecture
MATCH (o:Organisation)-[r:PARTNER_IN]->(p:Programme)
WHERE ($role = '' OR r.role = $role) AND coalesce(o.kind, '') <> 'generic'
OPTIONAL MATCH (p)-[:TARGETS]->(place)
WITH o, r, p, place,
     CASE
       WHEN place.code IN $area_codes THEN 0
       WHEN place.code IN $city_codes THEN 1
       WHEN place.code IN $prefecture_codes THEN 2
       ELSE 3
     END AS level
WITH o, min(level) AS level, count(DISTINCT p) AS programmes,
     collect(DISTINCT {programme: p.id, title: p.title, role: r.role, source: r.source, area: place.name}) AS evidence
RETURN o.id AS id, o.name AS name, o.sector AS sector, o.kind AS kind, level, programmes, evidence
ORDER BY level, programmes DESC, name
LIMIT $limit
