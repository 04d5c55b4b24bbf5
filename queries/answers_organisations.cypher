// answers: every organisation with what the suggester scores (as suggest_candidate_features returns it) and what picks the nationwide candidates (kind, name status), for deriving the stored suggestion answers
// params: none
MATCH (c:Organisation)
RETURN c.id AS id, c.name AS name, c.sector AS sector, c.kind AS kind, c.name_status AS name_status,
       c.collaborators AS degree, c.roles_played AS roles, c.life_stages AS life_stages,
       c.area_codes AS area_codes
