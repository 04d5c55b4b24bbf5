// answers: every (organisation, programme, role) membership, leads included, for deriving COLLABORATES_WITH; generic bodies are left out
// params: none
// The embedded engine has no property 'role' on LEADS, so it is read per type.
MATCH (o:Organisation)-[r:LEADS|PARTNER_IN]->(p:Programme)
WHERE coalesce(o.kind, '') <> 'generic'
RETURN o.id AS org, p.id AS programme, CASE WHEN label(r) = 'PARTNER_IN' THEN r.role ELSE NULL END AS role
