// answers: what the suggester scores, for many candidates at once, one row each: name, sector, kind, number of collaborators, partnership roles played and life stages (derived on every load), and the target areas of its programmes within the given prefectures
// params: ids, prefs
// One key lookup per id: a filter on a list of ids would scan every organisation.
UNWIND $ids AS cid
MATCH (c:Organisation {id: cid})
OPTIONAL MATCH (c)-[:LEADS|PARTNER_IN]->(:Programme)-[:TARGETS]->(place)
WHERE left(place.code, 2) IN $prefs
RETURN c.id AS id, c.name AS name, c.sector AS sector, c.kind AS kind, c.collaborators AS degree,
       c.roles_played AS roles, c.life_stages AS life_stages, collect(DISTINCT place.code) AS area_codes
