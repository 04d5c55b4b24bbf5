// answers: (a write) stores each prefecture's derived pool: the organisations active there, best connected first, the roles each played there and their ranks
// params: rows
UNWIND $rows AS r
MATCH (place:Prefecture {code: r.code})
SET place.active_organisations = r.active_organisations, place.active_roles = r.active_roles,
    place.active_ranks = r.active_ranks
