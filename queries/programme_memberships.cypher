// answers: every (organisation, programme, role) membership, leads included, for deriving COLLABORATES_WITH; generic bodies are left out
// params: none
MATCH (o:Organisation)-[r:LEADS|PARTNER_IN]->(p:Programme)
WHERE coalesce(o.kind, '') <> 'generic'
RETURN o.id AS org, p.id AS programme, r.role AS role
