// answers: which words of a search the given programmes hold in their title or area texts
// params: ids, terms
// terms: one {word, text} per spelling of each word (word = its position in the search).
UNWIND $ids AS id
MATCH (p:Programme {id: id})
WITH p
UNWIND $terms AS t
WITH p, t
WHERE p.search_text CONTAINS t.text
RETURN p.id AS id, collect(DISTINCT t.word) AS words
