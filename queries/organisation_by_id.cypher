// answers: one organisation's own properties and where it is based
// params: id
MATCH (o:Organisation {id: $id})
OPTIONAL MATCH (o)-[:BASED_IN|GOVERNS]->(place)
RETURN o.id AS id, o.name AS name, o.key AS key, o.legal_form AS legal_form, o.sector AS sector,
       o.kind AS kind, o.aliases AS aliases, o.sources AS sources,
       o.municipality_code AS municipality_code, o.prefecture_code AS prefecture_code,
       o.name_status AS name_status, o.raw_name AS raw_name, o.name_confidence AS name_confidence,
       o.collaborators AS collaborators,
       collect(DISTINCT place.code) AS place_codes
