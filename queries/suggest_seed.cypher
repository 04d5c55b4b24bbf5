// answers: what the suggester needs of the organisation it suggests partners for, one row: name, sector, kind, its collaborators' ids, the life stages and target areas of its programmes (derived on every load, the most targeted area first), the roles played in its programmes, and where it is based
// params: id
// Read from the node's derived properties (graph/derived.py), not from every programme it is in.
MATCH (o:Organisation {id: $id})
OPTIONAL MATCH (o)-[:BASED_IN|GOVERNS]->(home)
RETURN o.id AS id, o.name AS name, o.sector AS sector, o.kind AS kind, o.partners AS partners,
       o.life_stages AS life_stages, o.area_codes AS programme_areas, o.programme_roles AS programme_roles,
       collect(DISTINCT home.code) AS home_areas
