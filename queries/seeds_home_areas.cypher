// answers: where each organisation is based or what it governs (the seed's first areas), for deriving the stored organisation seeds (tsunagari/suggest/seeds.py)
// params: none
MATCH (o:Organisation)-[:BASED_IN|GOVERNS]->(home)
RETURN o.id AS id, home.code AS code
