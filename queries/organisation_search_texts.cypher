// answers: every organisation search may show (generic kinds left out) with its name, key and aliases, for the search index kept per graph version (tsunagari/search.py)
// params: none
// The index folds these with graph/derived.py organisation_search_text, as a load does
// for search_text: a graph stored before search_text existed is searched all the same.
MATCH (o:Organisation)
WHERE coalesce(o.kind, '') <> 'generic'
RETURN o.id AS id, o.name AS name, o.key AS key, o.aliases AS aliases
