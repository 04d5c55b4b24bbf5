// answers: every membership of an organisation in a programme as ids and role only (the lead as role 'lead'), for the metrics of large organisation graphs
// params: none
MATCH (o:Organisation)-[r:LEADS|PARTNER_IN]->(p:Programme)
RETURN o.id AS org_id, p.id AS programme_id, coalesce(r.role, 'lead') AS role
