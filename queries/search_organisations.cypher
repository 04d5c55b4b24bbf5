// answers: organisations whose name, normalised key or any alias contains the search text, shortest names first
// params: q, key, limit
// The text is bound with WITH first: the embedded engine cannot read a parameter inside any().
WITH $q AS q, $key AS key
MATCH (o:Organisation)
WHERE coalesce(o.kind, '') <> 'generic'
  AND (o.name CONTAINS q OR o.key CONTAINS key OR any(a IN o.aliases WHERE a CONTAINS q))
RETURN o.id AS id, o.name AS name, o.legal_form AS legal_form, o.sector AS sector,
       o.kind AS kind, o.aliases AS aliases, o.municipality_code AS municipality_code
ORDER BY size(o.name), o.name
LIMIT $limit
