// answers: every membership of an organisation in a programme (the lead as role 'lead', one row per partnership role) with the organisation's and the programme's attributes, for building research graphs in one round trip
// params: none
MATCH (o:Organisation)-[r:LEADS|PARTNER_IN]->(p:Programme)
RETURN o.id AS org_id, o.name AS org_name, o.legal_form AS legal_form, o.sector AS sector,
       o.kind AS org_kind, o.aliases AS aliases, o.sources AS org_sources,
       o.municipality_code AS municipality_code, o.prefecture_code AS prefecture_code,
       p.id AS programme_id,
       coalesce(r.role, 'lead') AS role,
       r.role_text AS role_text, r.department AS department, r.amount_yen AS amount_yen,
       r.mention AS mention, r.source AS source
ORDER BY programme_id, org_id, role
