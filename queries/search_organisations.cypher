// answers: organisations whose name, normalised key or any alias contains the search text (shortest names first), with their programmes and home municipality
// params: q, key, limit
// The text is bound with WITH first: the embedded engine cannot read a parameter inside any().
WITH $q AS q, $key AS key
MATCH (o:Organisation)
WHERE coalesce(o.kind, '') <> 'generic'
  AND (o.name CONTAINS q OR o.key CONTAINS key OR any(a IN o.aliases WHERE a CONTAINS q))
WITH o
ORDER BY size(o.name), o.name
LIMIT $limit
OPTIONAL MATCH (o)-[:LEADS|PARTNER_IN]->(p:Programme)
OPTIONAL MATCH (m:Municipality {code: o.municipality_code})
WITH o, m, collect(DISTINCT {id: p.id, title: p.title}) AS programmes
RETURN o.id AS id, o.name AS name, o.legal_form AS legal_form, o.sector AS sector,
       o.kind AS kind, o.aliases AS aliases, o.municipality_code AS municipality_code,
       m.name AS municipality, o.name_status AS name_status, o.raw_name AS raw_name,
       o.name_confidence AS name_confidence, programmes
ORDER BY size(o.name), o.name
