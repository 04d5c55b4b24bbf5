// answers: (a write) stores each organisation's derived summary: its number of collaborators and their ids, the partnership roles it played, the life stages its programmes target, the codes of the areas they target (the most targeted first)
// params: rows
UNWIND $rows AS r
MATCH (o:Organisation {id: r.id})
SET o.collaborators = r.collaborators, o.roles_played = r.roles_played, o.life_stages = r.life_stages,
    o.partners = r.partners, o.area_codes = r.area_codes, o.programme_roles = r.programme_roles
