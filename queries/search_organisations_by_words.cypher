// answers: organisations whose name, normalised key or aliases hold a spelling of every word of a search, shortest names first
// params: terms, words, limit
// terms: one {word, text} per spelling of each word (word = its position in the search);
// an organisation is kept when it holds `words` distinct words.
UNWIND $terms AS t
MATCH (o:Organisation)
WHERE coalesce(o.kind, '') <> 'generic'
  AND (toLower(o.name) CONTAINS t.text OR o.key CONTAINS t.text
       OR any(a IN o.aliases WHERE toLower(a) CONTAINS t.text))
WITH o, count(DISTINCT t.word) AS matched
WHERE matched = $words
RETURN o.id AS id, o.name AS name
ORDER BY size(o.name), o.name, o.id
LIMIT $limit
