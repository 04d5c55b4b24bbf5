// answers: what the suggester scores, for many candidates at once, one row each: name, sector, kind, number of collaborators, partnership roles played, life stages and the target areas of its programmes, the most targeted first (all derived on every load)
// params: ids
// One key lookup per id: a filter on a list of ids would scan every organisation.
UNWIND $ids AS cid
MATCH (c:Organisation {id: cid})
// a garbled name nobody could read is never suggested
WHERE c.name_status IS NULL OR c.name_status <> 'unreadable'
RETURN c.id AS id, c.name AS name, c.sector AS sector, c.kind AS kind, c.collaborators AS degree,
       c.roles_played AS roles, c.life_stages AS life_stages, c.area_codes AS area_codes
