// answers: (for the derived search text) every programme's title, area texts and current search text
// params: none
MATCH (p:Programme)
RETURN p.id AS id, p.title AS title, p.area_texts AS area_texts, p.search_text AS search_text
