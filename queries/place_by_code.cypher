// answers: one municipality or prefecture by its code with the prefecture it lies in
// params: code
MATCH (place:Municipality|Prefecture)
WHERE place.code = $code
OPTIONAL MATCH (pref:Prefecture {code: left($code, 2)})
RETURN place.code AS code, place.name AS name, pref.name AS prefecture_name,
       pref.code AS prefecture_code
