// answers: (a write) stores the derived search text of the given organisations
// params: rows
UNWIND $rows AS r
MATCH (o:Organisation {id: r.id})
SET o.search_text = r.text
