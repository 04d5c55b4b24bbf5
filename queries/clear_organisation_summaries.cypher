// answers: (a write) forgets every organisation's derived summary before it is recomputed, so that an organisation left without programmes keeps none
// params: none
MATCH (o:Organisation)
SET o.collaborators = 0, o.roles_played = NULL, o.life_stages = NULL, o.partners = NULL, o.area_codes = NULL,
    o.programme_roles = NULL
