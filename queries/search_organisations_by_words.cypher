// answers: organisations whose name, normalised key or aliases hold a spelling of every word of a search, shortest names first
// params: terms, words, limit
// terms: one {word, text} per spelling of each word (word = its position in the search);
// search_text is derived on load (graph/derived.py): name, key and aliases, folded once;
// an organisation is kept when it holds `words` distinct words.
UNWIND $terms AS t
MATCH (o:Organisation)
WHERE coalesce(o.kind, '') <> 'generic'
  AND o.search_text CONTAINS t.text
WITH o, count(DISTINCT t.word) AS matched
WHERE matched = $words
RETURN o.id AS id, o.name AS name
ORDER BY size(o.name), o.name, o.id
LIMIT $limit
