// answers: every membership of an organisation in a programme (the lead as role 'lead', one row per partnership role) with the organisation's and the programme's attributes, for building research graphs in one round trip
// params: none
// The embedded engine names a relationship's type with label(), and LEADS has only a source.
MATCH (o:Organisation)-[r:LEADS|PARTNER_IN]->(p:Programme)
RETURN o.id AS org_id, o.name AS org_name, o.legal_form AS legal_form, o.sector AS sector,
       o.kind AS org_kind, o.aliases AS aliases, o.sources AS org_sources,
       o.municipality_code AS municipality_code, o.prefecture_code AS prefecture_code,
       p.id AS programme_id,
       CASE WHEN label(r) = 'LEADS' THEN 'lead' ELSE r.role END AS role,
       CASE WHEN label(r) = 'LEADS' THEN NULL ELSE r.role_text END AS role_text,
       CASE WHEN label(r) = 'LEADS' THEN NULL ELSE r.department END AS department,
       CASE WHEN label(r) = 'LEADS' THEN NULL ELSE r.amount_yen END AS amount_yen,
       CASE WHEN label(r) = 'LEADS' THEN NULL ELSE r.mention END AS mention,
       r.source AS source
ORDER BY programme_id, org_id, role
