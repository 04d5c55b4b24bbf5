// answers: municipalities and prefectures whose name contains the search text
// params: q, limit
MATCH (place:Municipality|Prefecture)
WHERE place.name CONTAINS $q
RETURN place.code AS code, place.name AS name
ORDER BY size(place.name), place.code
LIMIT $limit
