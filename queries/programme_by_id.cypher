// answers: one programme's own properties, its target areas, the programmes it belongs to and the programmes that belong to it
// params: id
MATCH (p:Programme {id: $id})
OPTIONAL MATCH (p)-[t:TARGETS]->(place)
WITH p, collect(DISTINCT {code: place.code, name: place.name, text: t.text}) AS areas
OPTIONAL MATCH (p)-[:PART_OF]->(parent:Programme)
WITH p, areas, collect(DISTINCT {id: parent.id, title: parent.title, kind: parent.kind}) AS parents
OPTIONAL MATCH (child:Programme)-[:PART_OF]->(p)
RETURN p.id AS id, p.title AS title, p.kind AS kind, p.collaboration_type AS collaboration_type,
       p.period_text AS period_text, p.period_start AS period_start, p.period_end AS period_end,
       p.url AS url, p.life_stages AS life_stages, p.area_texts AS area_texts,
       p.national AS national, p.source AS source, areas, parents,
       collect(DISTINCT {id: child.id, title: child.title, kind: child.kind}) AS children
