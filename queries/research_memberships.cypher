// answers: every membership of an organisation in a programme (the lead as role 'lead', one row per partnership role) with what the sources say of it, for building research graphs; the organisations' attributes come from research_organisations
// params: none
MATCH (o:Organisation)-[r:LEADS|PARTNER_IN]->(p:Programme)
RETURN o.id AS org_id, p.id AS programme_id,
       coalesce(r.role, 'lead') AS role,
       r.role_text AS role_text, r.department AS department, r.amount_yen AS amount_yen,
       r.mention AS mention, r.source AS source
