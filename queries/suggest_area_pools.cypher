// answers: the derived pools of some places for the suggester's area candidates: per municipality or prefecture code, the organisations active there (best connected first, capped per role), the roles each played there and their ranks
// params: codes
// Key lookups only: a 5-digit code is a municipality, a 2-digit one a prefecture;
// the pools are derived on every load (graph/derived.py place_pools).
UNWIND $codes AS c
MATCH (m:Municipality {code: c})
RETURN m.code AS code, m.active_organisations AS ids, m.active_roles AS roles, m.active_ranks AS ranks
UNION ALL
UNWIND $codes AS c
MATCH (p:Prefecture {code: c})
RETURN p.code AS code, p.active_organisations AS ids, p.active_roles AS roles, p.active_ranks AS ranks
