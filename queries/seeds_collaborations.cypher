// answers: every collaboration pair (derived COLLABORATES_WITH), for deriving each organisation's friends of friends with Adamic–Adar (tsunagari/suggest/seeds.py)
// params: none
MATCH (a:Organisation)-[:COLLABORATES_WITH]->(b:Organisation)
RETURN a.id AS a, b.id AS b
