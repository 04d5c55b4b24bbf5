// answers: organisations by id with their programmes, where they are based and the places their programmes target, for lists of results
// params: ids
// One key lookup per id (UNWIND), not a scan of every organisation for `o.id IN $ids`:
// about 4x faster on the embedded engine at 20k organisations.
UNWIND $ids AS id
MATCH (o:Organisation {id: id})
OPTIONAL MATCH (o)-[:LEADS|PARTNER_IN]->(p:Programme)
OPTIONAL MATCH (m:Municipality {code: o.municipality_code})
WITH o, m, collect(DISTINCT {id: p.id, title: p.title}) AS programmes
RETURN o.id AS id, o.name AS name, o.legal_form AS legal_form, o.sector AS sector,
       o.kind AS kind, o.aliases AS aliases, o.municipality_code AS municipality_code,
       m.full_name AS municipality, o.area_codes AS area_codes, o.name_status AS name_status,
       o.raw_name AS raw_name, o.name_confidence AS name_confidence, programmes
