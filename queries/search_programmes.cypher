// answers: programmes whose title or area text holds every word of a search, or that target a place a word names, shortest titles first
// params: terms, words, limit
// terms: one {word, text, code} per spelling of each word and per place code a word names
// ('-' where none); a programme matches when every one of the `words` words matches.
UNWIND $terms AS t
MATCH (p:Programme)
OPTIONAL MATCH (p)-[:TARGETS]->(area)
WITH t, p, collect(area.code) AS codes
WHERE toLower(p.title) CONTAINS t.text
   OR any(a IN p.area_texts WHERE a CONTAINS t.text)
   OR any(c IN codes WHERE c STARTS WITH t.code)
WITH p, count(DISTINCT t.word) AS matched
WHERE matched = $words
RETURN p.id AS id, p.title AS title, p.kind AS kind
ORDER BY size(p.title), p.title
LIMIT $limit
