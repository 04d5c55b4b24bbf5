// answers: which words of a search the given organisations hold in their name, normalised key or aliases
// params: ids, terms
// terms: one {word, text} per spelling of each word (word = its position in the search).
UNWIND $ids AS id
MATCH (o:Organisation {id: id})
WITH o
UNWIND $terms AS t
WITH o, t
WHERE o.search_text CONTAINS t.text
RETURN o.id AS id, collect(DISTINCT t.word) AS words
