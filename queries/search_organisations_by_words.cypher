// answers: organisations whose name, normalised key, aliases or places of activity hold every word of a search (shortest names first), with their programmes and where they are based
// params: terms, words, limit
// terms: one {word, text, code} per spelling of each word and per place code a word names
// ('-' where none); an organisation matches when every one of the `words` words matches its
// name, key or an alias, or names a place it is based in or whose programmes it is part of.
UNWIND $terms AS t
MATCH (o:Organisation)
WHERE coalesce(o.kind, '') <> 'generic'
  AND (toLower(o.name) CONTAINS t.text OR o.key CONTAINS t.text
       OR any(a IN o.aliases WHERE toLower(a) CONTAINS t.text)
       OR any(c IN o.area_codes WHERE c STARTS WITH t.code)
       OR coalesce(o.municipality_code, '') STARTS WITH t.code)
WITH o, count(DISTINCT t.word) AS matched
WHERE matched = $words
WITH o
ORDER BY size(o.name), o.name
LIMIT $limit
OPTIONAL MATCH (o)-[:LEADS|PARTNER_IN]->(p:Programme)
OPTIONAL MATCH (m:Municipality {code: o.municipality_code})
WITH o, m, collect(DISTINCT {id: p.id, title: p.title}) AS programmes
RETURN o.id AS id, o.name AS name, o.legal_form AS legal_form, o.sector AS sector,
       o.kind AS kind, o.aliases AS aliases, o.municipality_code AS municipality_code,
       m.full_name AS municipality, o.area_codes AS area_codes, programmes
ORDER BY size(o.name), o.name
