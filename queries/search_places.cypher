// answers: municipalities and prefectures whose full name (prefecture included) holds every word of a search, shortest names first
// params: terms, words, limit
// terms: one {word, text, code} per spelling of each word (word = its position); a place
// matches when its name holds some spelling of each of the `words` words.
UNWIND $terms AS t
MATCH (place:Municipality|Prefecture)
WHERE coalesce(place.full_name, place.name) CONTAINS t.text
WITH place, count(DISTINCT t.word) AS matched
WHERE matched = $words
WITH place, coalesce(place.full_name, place.name) AS full_name
RETURN place.code AS code, place.name AS name, full_name
ORDER BY size(full_name), code
LIMIT $limit
