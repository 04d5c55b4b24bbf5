// answers: what the suggester scores, of every organisation at once, as suggest_candidate_features reads it by key (a server reads them all at its start: tsunagari/suggest/fetch.py preload)
// params: none
MATCH (c:Organisation)
// a garbled name nobody could read is never suggested
WHERE c.name_status IS NULL OR c.name_status <> 'unreadable'
RETURN c.id AS id, c.name AS name, c.sector AS sector, c.kind AS kind, c.collaborators AS degree,
       c.roles_played AS roles, c.life_stages AS life_stages, c.area_codes AS area_codes
