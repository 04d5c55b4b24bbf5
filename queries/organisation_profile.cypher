// answers: one organisation's profile: the programmes it leads and joins, the roles it played, the areas of its programmes and its base, its collaborators, sources and degree (partners grouped by role: partners_of_organisation)
// params: id
MATCH (o:Organisation {id: $id})
OPTIONAL MATCH (o)-[:LEADS]->(led:Programme)
WITH o, collect(DISTINCT led.id) AS led
OPTIONAL MATCH (o)-[j:PARTNER_IN]->(joined:Programme)
WITH o, led, collect(DISTINCT joined.id) AS joined, collect(DISTINCT j.role) AS roles_played
OPTIONAL MATCH (o)-[:LEADS|PARTNER_IN]->(p:Programme)
OPTIONAL MATCH (p)-[:TARGETS]->(place)
WITH o, led, joined, roles_played, collect(DISTINCT place.code) AS programme_areas,
     collect(DISTINCT p.life_stages) AS life_stages
OPTIONAL MATCH (o)-[:BASED_IN|GOVERNS]->(home)
WITH o, led, joined, roles_played, programme_areas, life_stages, collect(DISTINCT home.code) AS home_areas
OPTIONAL MATCH (o)-[:COLLABORATES_WITH]-(partner:Organisation)
RETURN o.id AS id, o.name AS name, o.legal_form AS legal_form, o.sector AS sector, o.kind AS kind,
       o.aliases AS aliases, o.sources AS sources, o.municipality_code AS municipality_code,
       o.prefecture_code AS prefecture_code, led, joined, roles_played, programme_areas, home_areas,
       life_stages, collect(DISTINCT partner.id) AS partners
