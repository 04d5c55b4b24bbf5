// answers: the life stages each programme targets, for deriving the organisations' summaries; programmes without any are left out
// params: none
MATCH (p:Programme)
WHERE size(p.life_stages) > 0
RETURN p.id AS id, p.life_stages AS life_stages
