// answers: every prefecture with its code and name, for the map of Japan
// params: none
MATCH (p:Prefecture)
RETURN p.code AS code, p.name AS name
ORDER BY code
