// answers: candidates near some areas for the suggester: organisations that played role R in programmes of the areas' prefectures ('' for any part in them, leading included), nearest first (level 0 one of the areas itself, all of it for a prefecture; 1 elsewhere in the designated city of one; 2 elsewhere in the prefecture of one), then the best connected
// params: role, codes, cities, prefs, limit
// Reads the programmes of a few prefectures, never every edge of a role (role_players_in_area answers nationwide).
// A 2-digit code is a whole prefecture: left(place.code, 2) matches it and no 5-digit code.
MATCH (place)<-[:TARGETS]-(:Programme)<-[r:LEADS|PARTNER_IN]-(o:Organisation)
WHERE left(place.code, 2) IN $prefs AND ($role = '' OR r.role = $role)
WITH o.id AS id, o.kind AS kind, o.name AS name, o.collaborators AS collaborators,
     min(CASE
       WHEN place.code IN $codes OR place.parent_code IN $codes OR left(place.code, 2) IN $codes THEN 0
       WHEN place.code IN $cities OR place.parent_code IN $cities THEN 1
       ELSE 2
     END) AS level
WHERE coalesce(kind, '') <> 'generic'
RETURN id, level
ORDER BY level, collaborators DESC, name, id
LIMIT $limit
