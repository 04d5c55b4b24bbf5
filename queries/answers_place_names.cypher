// answers: the code and name of every municipality and prefecture, as the suggester's evidence names a programme's target area
// params: none
MATCH (m:Municipality)
RETURN m.code AS code, m.name AS name
UNION ALL
MATCH (p:Prefecture)
RETURN p.code AS code, p.name AS name
