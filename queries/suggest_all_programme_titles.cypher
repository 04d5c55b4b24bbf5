// answers: the title of every programme, as suggest_programme_titles reads them by key (a server reads them all at its start: tsunagari/suggest/fetch.py preload)
// params: none
MATCH (p:Programme)
RETURN p.id AS id, p.title AS title
