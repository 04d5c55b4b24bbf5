// answers: (a write) stores the derived search text of the given programmes
// params: rows
UNWIND $rows AS r
MATCH (p:Programme {id: r.id})
SET p.search_text = r.text
