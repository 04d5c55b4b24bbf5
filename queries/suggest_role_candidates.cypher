// answers: candidates anywhere for the suggester: organisations that played role R ('' for any organisation), the best connected first; the nationwide fallback when the area has too few
// params: role, limit
// roles_played and collaborators are derived on every load (graph/derived.py).
MATCH (o:Organisation)
WHERE coalesce(o.kind, '') <> 'generic'
  AND ($role = '' OR $role IN o.roles_played)
RETURN o.id AS id
ORDER BY o.collaborators DESC, o.name, o.id
LIMIT $limit
