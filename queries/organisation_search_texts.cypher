// answers: every organisation search may show (generic kinds left out) with its name and derived search text, for the search index kept per graph version (tsunagari/search.py)
// params: none
MATCH (o:Organisation)
WHERE coalesce(o.kind, '') <> 'generic'
RETURN o.id AS id, o.name AS name, o.search_text AS text
