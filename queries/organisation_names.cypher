// answers: every named (non-generic) organisation's id, name and aliases, to offer the closest matches when a name is not found
// params: none
MATCH (o:Organisation)
WHERE coalesce(o.kind, '') <> 'generic'
RETURN o.id AS id, o.name AS name, o.aliases AS aliases
ORDER BY o.name
