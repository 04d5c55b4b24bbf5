// answers: (a write) stores each organisation's derived summary: its number of collaborators, the partnership roles it played, the life stages its programmes target
// params: rows
UNWIND $rows AS r
MATCH (o:Organisation {id: r.id})
SET o.collaborators = r.collaborators, o.roles_played = r.roles_played, o.life_stages = r.life_stages
