// answers: programmes whose title or area texts hold a spelling of every word of a search, shortest titles first
// params: terms, words, limit
// terms: one {word, text} per spelling of each word; a programme is kept when it holds
// `words` distinct words.
UNWIND $terms AS t
MATCH (p:Programme)
WHERE p.search_text CONTAINS t.text
WITH p, count(DISTINCT t.word) AS matched
WHERE matched = $words
RETURN p.id AS id, p.title AS title, p.kind AS kind
ORDER BY size(p.title), p.title, p.id
LIMIT $limit
