// answers: every prefecture's code and name, for labelling research tables
// params: none
MATCH (p:Prefecture)
RETURN p.code AS code, p.name AS name
ORDER BY code
