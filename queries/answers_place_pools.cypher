// answers: every place's derived pool of active organisations (as suggest_area_pools returns them), for deriving the stored suggestion answers
// params: none
MATCH (m:Municipality)
WHERE m.active_organisations IS NOT NULL
RETURN m.code AS code, m.active_organisations AS ids, m.active_roles AS roles, m.active_ranks AS ranks
UNION ALL
MATCH (p:Prefecture)
WHERE p.active_organisations IS NOT NULL
RETURN p.code AS code, p.active_organisations AS ids, p.active_roles AS roles, p.active_ranks AS ranks
