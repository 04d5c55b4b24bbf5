// answers: (for the derived search text) every organisation's name, normalised key, aliases and current search text
// params: none
MATCH (o:Organisation)
RETURN o.id AS id, o.name AS name, o.key AS key, o.aliases AS aliases, o.search_text AS search_text
