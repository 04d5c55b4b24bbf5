// answers: every programme with its title, kind and area texts, for the search index kept per graph version (tsunagari/search.py)
// params: none
MATCH (p:Programme)
RETURN p.id AS id, p.title AS title, p.kind AS kind, p.area_texts AS area_texts
